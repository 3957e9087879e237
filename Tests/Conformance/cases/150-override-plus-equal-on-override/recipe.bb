OVERRIDES = "o"
A = "base"
A:o += "x"
A:o += "y"
