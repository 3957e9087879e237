OVERRIDES = "${A}:o1"
A = "o2"
A:o2 = "${OVERRIDES}"
A:${OVERRIDES} = "x"
