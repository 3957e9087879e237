A = "a"
A:prepend = "b "
