A = "x"
A[doc] = "d"
unset A
