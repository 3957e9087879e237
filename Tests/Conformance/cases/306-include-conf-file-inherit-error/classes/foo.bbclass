A = "x"
