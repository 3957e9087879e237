A = "x"
A[unexport] = "1"
