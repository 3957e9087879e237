OVERRIDES = "o"
A = "x y"
A:o = "p q"
A:remove = "p"
