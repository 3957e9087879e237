A = "one \
two"
