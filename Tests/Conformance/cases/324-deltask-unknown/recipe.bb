addtask a
deltask nothere
