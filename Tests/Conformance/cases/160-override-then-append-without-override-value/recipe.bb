# A:o:append creates an (empty) A:o, which is selected and replaces A's value.
OVERRIDES = "o"
A = "base"
A:o:append = " x"
