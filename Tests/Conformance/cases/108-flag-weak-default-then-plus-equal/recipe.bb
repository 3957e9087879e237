A[f] ??= "weak"
A[f] += "x"
