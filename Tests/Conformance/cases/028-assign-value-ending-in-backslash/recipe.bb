# The line ends in a quote, not a backslash, so this is no continuation.
A = "x\\"
B = "y\"
C = "y"
