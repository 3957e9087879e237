OVERRIDES = "b:a"
A = "base"
A:a:b = "ab"
A:a = "a"
