A = "a"
B = "b"
C = oops
