# Unsetting the base variable also forgets which override variables belong to
# it, so A:o no longer applies even though A:o itself still exists.
OVERRIDES = "o"
A = "base"
A:o = "over"
unset A
