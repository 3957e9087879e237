A = "x"
A[doc] = "d"
A[other] = "o"
unset A[doc]
