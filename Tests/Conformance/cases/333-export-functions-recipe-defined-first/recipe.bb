do_compile() {
    echo recipe
}
inherit foo
