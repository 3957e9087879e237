# The backslash is removed but the next line's leading whitespace is kept.
A = "one \
    two \
    three"
