# Variable names are expanded at finalisation, so A:${X} becomes A:o.
OVERRIDES = "o"
X = "o"
A = "base"
A:${X} = "over"
