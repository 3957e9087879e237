do_foo[dirs] = "x"
do_foo() {
    echo one
}
do_foo() {
    echo two
}
