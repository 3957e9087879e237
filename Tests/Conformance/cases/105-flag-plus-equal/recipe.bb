A[f] += "x"
B[f] = "a"
B[f] += "b"
