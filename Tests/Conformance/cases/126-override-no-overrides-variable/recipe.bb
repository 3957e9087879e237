A = "base"
A:o = "over"
