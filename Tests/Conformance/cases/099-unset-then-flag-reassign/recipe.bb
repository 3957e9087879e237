A = "x"
A[f] = "flag"
unset A
A = "y"
