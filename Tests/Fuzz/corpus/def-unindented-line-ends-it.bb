def f(d):
    x = 1
pass
