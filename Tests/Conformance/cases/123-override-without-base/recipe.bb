OVERRIDES = "o"
A:o = "over"
B:z = "inactive"
