A = "a"
A += "b"
A = "c"
