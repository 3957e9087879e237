addtask foo:append_x
