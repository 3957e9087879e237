python do_foo() {
    pass
}
do_foo() {
    echo shell
}
