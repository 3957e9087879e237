OVERRIDES = "a:b"
A = "base"
A:a = "from-a"
A:b = "from-b"
