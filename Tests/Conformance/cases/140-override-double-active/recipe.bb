OVERRIDES = "a:b"
A = "base"
A:a:b = "both"
