addtask a
addtask b after a
addtask c after a b
deltask a
