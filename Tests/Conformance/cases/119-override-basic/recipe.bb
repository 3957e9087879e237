OVERRIDES = "o"
A = "base"
A:o = "over"
