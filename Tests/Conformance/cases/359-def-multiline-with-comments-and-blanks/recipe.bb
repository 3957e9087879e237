def g(a, b):
    x = a

# a comment at column 0 stays inside the def
    y = b
    return x + y
A = "${@g('p', 'q')}"
