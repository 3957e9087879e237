OVERRIDES = "o"
A[f] = "base"
A:o[f] = "over"
A = "v"
