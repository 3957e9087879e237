python foo_do_configure() {
    pass
}
EXPORT_FUNCTIONS do_configure
