A = "x"
unset A
A += "y"
