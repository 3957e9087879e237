A = "a b c d"
A:remove = "a c"
