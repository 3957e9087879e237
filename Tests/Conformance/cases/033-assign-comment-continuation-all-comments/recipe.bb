# first \
# second
A = "x"
