A = "a b c"
A:remove = "b"
