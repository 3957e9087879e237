# The unset statement does not accept ':' in the name.
OVERRIDES = "o"
A = "base"
A:o = "over"
unset A:o
