do_install_append() {
    :
}
