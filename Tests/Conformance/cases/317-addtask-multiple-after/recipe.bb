addtask c after a b
