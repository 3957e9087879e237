A = "a"
A:remove = "a"
B = "a a"
B:remove = "a"
