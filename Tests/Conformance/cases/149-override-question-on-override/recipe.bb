OVERRIDES = "o"
A = "base"
A:o ?= "q1"
A:o ?= "q2"
