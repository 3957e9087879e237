python do_foo() {
    bb.note("hi")
}
