addtask a after x
deltask a
addtask a after y
