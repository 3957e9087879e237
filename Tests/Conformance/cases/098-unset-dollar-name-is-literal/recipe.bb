V = "A"
A = "x"
unset ${V}
