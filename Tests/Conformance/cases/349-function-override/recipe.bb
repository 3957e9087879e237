OVERRIDES = "o"
do_foo() {
    echo base
}
do_foo:o() {
    echo over
}
