A = "a"
A:append = "x"
A += "b"
