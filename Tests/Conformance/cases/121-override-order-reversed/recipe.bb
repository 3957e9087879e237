OVERRIDES = "b:a"
A = "base"
A:a = "from-a"
A:b = "from-b"
