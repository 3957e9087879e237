OVERRIDES = "o"
A = "a b c"
A:remove:o = "b"
A:remove:z = "c"
