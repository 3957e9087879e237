A = "x"
B = "y"
B += "z"
do_f() {
    echo hi
}
