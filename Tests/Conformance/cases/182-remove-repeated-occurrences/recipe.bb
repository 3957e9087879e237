A = "a b a c a"
A:remove = "a"
