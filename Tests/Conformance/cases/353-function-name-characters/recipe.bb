do_foo-bar() {
    x
}
do_foo.baz() {
    y
}
