A = "a"
do_f() {
    echo
}