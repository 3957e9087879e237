A = "  x  "
B = " "
C = "a    b"
