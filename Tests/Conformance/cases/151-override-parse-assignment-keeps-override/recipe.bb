# A plain '=' in a recipe does not discard the active override.
OVERRIDES = "o"
A:o = "over"
A = "base1"
A = "base2"
