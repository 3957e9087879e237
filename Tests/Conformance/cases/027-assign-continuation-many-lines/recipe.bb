A = "\
a \
b \
c \
"
