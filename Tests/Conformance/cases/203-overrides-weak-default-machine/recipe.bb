MACHINE ??= "m1"
OVERRIDES = "${MACHINE}"
A = "base"
A:m1 = "m1"
