OVERRIDES = "x"
A = "a"
A:append:o = " o"
OVERRIDES:append = ":o"
