python do_x() {
    pass
A = "x"
