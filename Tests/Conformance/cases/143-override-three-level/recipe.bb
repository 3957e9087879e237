# B:a:c beats B:b: it contains c, which comes after b in OVERRIDES.
OVERRIDES = "a:b:c"
A = "base"
A:a = "a"
A:c = "c"
A:b = "b"
B = "base"
B:a:c = "ac"
B:b = "b"
