OVERRIDES = "a:b"
A = "x"
A:append:a:b = " both"
A:append:a:c = " ac"
