OVERRIDES = "o"
A = "base"
A:o = "over"
A:o:append = " x"
