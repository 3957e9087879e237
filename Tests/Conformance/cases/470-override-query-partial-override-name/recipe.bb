# A:a:b is also registered as override "b" of the variable A:a.
OVERRIDES = "b"
A = "base"
A:a = "a"
A:a:b = "ab"
