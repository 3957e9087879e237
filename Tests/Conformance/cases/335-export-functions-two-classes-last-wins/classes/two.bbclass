two_do_compile() {
    echo two
}
EXPORT_FUNCTIONS do_compile
