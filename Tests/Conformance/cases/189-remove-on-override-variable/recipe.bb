OVERRIDES = "o"
A = "x y"
A:o = "p q"
A:o:remove = "q"
