fakeroot do_install() {
    :
}
