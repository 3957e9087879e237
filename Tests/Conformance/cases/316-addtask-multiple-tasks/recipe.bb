addtask x y after z
