# OVERRIDES is recomputed with its own result until it is stable.
MACHINE = "m1"
MACHINE:a = "m2"
OVERRIDES = "a:${MACHINE}"
A = "base"
A:m1 = "m1"
A:m2 = "m2"
