inherit foo
do_compile() {
    echo recipe
}
