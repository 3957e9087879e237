# Not recommended (warning), but += on "A:append" reads nothing and appends " x".
A = "a"
A:append += "x"
