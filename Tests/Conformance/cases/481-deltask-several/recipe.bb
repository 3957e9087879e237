addtask a
addtask b
addtask c after a b
deltask a b
