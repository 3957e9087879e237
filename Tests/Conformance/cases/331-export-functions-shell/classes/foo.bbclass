foo_do_compile() {
    echo compile
}
EXPORT_FUNCTIONS do_compile
