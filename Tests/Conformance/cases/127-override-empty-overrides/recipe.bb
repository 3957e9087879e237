OVERRIDES = ""
A = "base"
A:o = "over"
