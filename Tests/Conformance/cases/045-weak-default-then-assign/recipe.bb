A ??= "weak"
A = "set"
