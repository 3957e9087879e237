# Only the first character is checked, so "fOO" is accepted as an override name.
OVERRIDES = "fOO"
A = "base"
A:fOO = "mixed"
