A = "one\
two"
