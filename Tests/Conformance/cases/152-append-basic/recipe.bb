A = "a"
A:append = " b"
