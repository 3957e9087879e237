def f(d):
    return 1