A = "x \
