A[f] ?= "question"
A[f] ??= "weak"
