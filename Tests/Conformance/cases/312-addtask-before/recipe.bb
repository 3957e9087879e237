addtask b
addtask a before b
