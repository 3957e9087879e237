one_do_compile() {
    echo one
}
EXPORT_FUNCTIONS do_compile
