# The unset-flag statement requires a flag name of at least two characters.
A[f] = "x"
unset A[f]
