A[f] ??= "weak"
A[f] ?= "question"
