OVERRIDES = "p"
A = "base"
A:o:append = " x"
