A = "v"
A[f] = "flag"
A = "v2"
A[f] += "more"
