A = "a \
# b"
