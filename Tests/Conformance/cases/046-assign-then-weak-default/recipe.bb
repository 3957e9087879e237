A = "set"
A ??= "weak"
