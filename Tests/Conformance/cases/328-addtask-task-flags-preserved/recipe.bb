do_foo[depends] = "x:do_y"
do_foo[nostamp] = "1"
addtask foo
