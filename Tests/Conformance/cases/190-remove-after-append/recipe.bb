A = "a"
A:append = " b"
A:remove = "b"
