A = "a b c d"
A:remove = "b"
A:remove = "d"
