A = "a"
A:append = " b"
A += "c"
