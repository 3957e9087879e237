addtask c after a
addtask c after b a
