A = "a"
A:append = " b"
B := "${A}"
A:append = " c"
