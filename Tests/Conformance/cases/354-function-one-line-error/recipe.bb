do_x() { echo hi }
