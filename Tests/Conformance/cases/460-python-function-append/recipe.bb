python do_foo() {
    a = 1
}
python do_foo:append() {
    b = 2
}
