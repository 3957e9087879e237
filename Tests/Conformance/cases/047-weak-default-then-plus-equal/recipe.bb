# += ignores the weak default: the result has no trace of it.
A ??= "weak"
A += "x"
