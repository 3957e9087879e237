A = "a b c"
A:remove = "c"
