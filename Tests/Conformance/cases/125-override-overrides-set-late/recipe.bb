A = "base"
A:o = "over"
OVERRIDES = "o"
