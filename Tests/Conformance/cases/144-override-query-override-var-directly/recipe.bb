OVERRIDES = "o"
A = "base"
A:o = "over"
A:z = "zed"
