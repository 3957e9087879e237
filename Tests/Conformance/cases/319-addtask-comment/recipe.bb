addtask foo after bar # a comment
