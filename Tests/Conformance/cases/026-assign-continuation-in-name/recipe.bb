LONG\
NAME = "y"
A \
= "x"
