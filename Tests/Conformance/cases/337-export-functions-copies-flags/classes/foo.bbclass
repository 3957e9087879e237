foo_do_install() {
    :
}
EXPORT_FUNCTIONS do_install
