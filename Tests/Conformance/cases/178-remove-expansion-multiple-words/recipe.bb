R = "a c"
A = "a b c"
A:remove = "${R}"
