addtask do_x:append_y
