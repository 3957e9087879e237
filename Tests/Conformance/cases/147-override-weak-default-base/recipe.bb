OVERRIDES = "o"
A ??= "weak"
A:o = "over"
