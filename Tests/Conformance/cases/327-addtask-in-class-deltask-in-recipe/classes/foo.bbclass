addtask foo
addtask bar after foo
