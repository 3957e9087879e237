do_bar[depends] = "nocolon"
addtask bar
