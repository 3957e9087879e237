R = ""
A = "a b"
A:remove = "${R}"
A:remove = ""
