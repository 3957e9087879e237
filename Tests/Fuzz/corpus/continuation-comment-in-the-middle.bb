A = "x \
# not a comment"
