do_foo() {
    echo a \
        b
}
