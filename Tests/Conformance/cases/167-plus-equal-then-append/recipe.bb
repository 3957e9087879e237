A = "a"
A += "c"
A:append = " b"
