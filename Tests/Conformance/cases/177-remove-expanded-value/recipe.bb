R = "b"
A = "a b c"
A:remove = "${R}"
