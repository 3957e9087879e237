addtask foo
