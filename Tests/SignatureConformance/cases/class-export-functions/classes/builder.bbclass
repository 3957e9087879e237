BUILDER_ARGS = "--jobs ${JOBS}"
JOBS = "4"
builder_do_compile() {
	builder_run ${BUILDER_ARGS}
}
builder_run() {
	echo running "$@"
}
EXPORT_FUNCTIONS do_compile
addtask compile
