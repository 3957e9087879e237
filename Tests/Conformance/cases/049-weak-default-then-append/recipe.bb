A ??= "weak"
A:append = " x"
B ??= "weak"
B:prepend = "y "
