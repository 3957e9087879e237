# "${X}" contains an uppercase letter, so "A:append:${X}" is not recognised as a
# conditional append while parsing; it is an ordinary variable that key
# expansion renames to A:append:o, which then is an active conditional append.
OVERRIDES = "o"
X = "o"
A = "base"
A:append:${X} = " x"
