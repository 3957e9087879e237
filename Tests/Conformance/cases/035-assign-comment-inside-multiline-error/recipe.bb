A = "a \
# c \
b"
