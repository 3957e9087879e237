# X flips between "a" and "b" depending on the overrides it produces: BitBake
# gives up after 5 rounds with a fatal error.
X = "a"
X:a = "b"
X:b = "a"
OVERRIDES = "${X}"
A = "base"
