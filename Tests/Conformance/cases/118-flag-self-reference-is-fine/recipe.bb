# A flag's name is "A[f]" for the self-reference check, so ${A} inside it is fine.
A = "v"
A[f] = "${A}-flag"
