export A = "x"
