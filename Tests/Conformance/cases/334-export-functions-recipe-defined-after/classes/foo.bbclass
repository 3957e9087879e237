foo_do_compile() {
    echo class
}
EXPORT_FUNCTIONS do_compile
