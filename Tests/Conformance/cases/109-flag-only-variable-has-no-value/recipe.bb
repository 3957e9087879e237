A[f] = "x"
