A = "a"
A:append = "b"
A:prepend = "c"
