A = "a b"
A:remove = "z"
