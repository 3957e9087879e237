do_x() {
    echo x
 }
