# A:o:append creates A:o (value " oa") which replaces A's value; A:append:o
# then appends to the result. In B, A:o already exists and is extended.
OVERRIDES = "o"
A = "base"
A:append:o = " ao"
A:o:append = " oa"
B = "base"
B:o = "bo"
B:append:o = " ao"
B:o:append = " oa"
