# A:o is selected for A and its value ${A} expands A again: endless recursion
# (the direct self-reference check does not fire because the text belongs to A:o).
OVERRIDES = "o"
A = "base"
A:o = "${A} extra"
