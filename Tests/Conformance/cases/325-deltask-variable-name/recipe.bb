T = "a"
addtask a
addtask b
deltask ${T}
