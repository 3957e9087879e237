do_x() { # comment
    :
}
