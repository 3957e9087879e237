addtask a
addtask b after a
