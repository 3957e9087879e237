A = "x"
A[export] = "1"
B = "y"
export B
B[export] = "0"
