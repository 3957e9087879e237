OVERRIDES = "o"
A:o = "over"
A = "base"
