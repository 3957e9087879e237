A = "a"
A:remove = "b"
A += "b c"
