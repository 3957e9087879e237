A = "x
B = "y"
