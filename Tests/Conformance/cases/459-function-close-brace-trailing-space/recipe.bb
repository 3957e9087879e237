do_x() {
    echo
}   
A = "x"
