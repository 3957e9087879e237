A = "a"
A := "${A} b"
A := "${A} c"
