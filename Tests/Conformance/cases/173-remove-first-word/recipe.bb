A = "a b c"
A:remove = "a"
