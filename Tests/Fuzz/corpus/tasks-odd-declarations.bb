addtask do_x after do_x
addtask a b after c d before e f
addtask before after
addtask do_y # comment
deltask do_missing
deltask ${A}
addtask do_é
