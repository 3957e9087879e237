do_foo() {
    echo main
}
do_foo:append() {
    echo appended
}
do_foo:prepend() {
    echo prepended
}
