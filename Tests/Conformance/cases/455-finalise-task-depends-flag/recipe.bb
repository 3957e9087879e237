# Every task's [depends] flag is rewritten at finalisation; a task without one
# gets "" (not unset).
addtask foo
do_bar[depends] = "x:do_y  z:do_w"
addtask bar
do_other[depends] = "p:do_q"
