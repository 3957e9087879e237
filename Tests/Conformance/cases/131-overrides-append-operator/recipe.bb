OVERRIDES = "a"
OVERRIDES:append = ":b"
A = "base"
A:b = "b"
