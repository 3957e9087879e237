OVERRIDES = "a"
A = "base"
A:z = "from-z"
