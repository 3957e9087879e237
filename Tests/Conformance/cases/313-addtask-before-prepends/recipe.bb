addtask c after x
addtask a before c
addtask b before c
