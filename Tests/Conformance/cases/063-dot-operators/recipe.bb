A = "a"
A .= "b"
A =. "c"
A .= "d"
