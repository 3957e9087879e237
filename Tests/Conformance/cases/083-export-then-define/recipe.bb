export A
A = "x"
