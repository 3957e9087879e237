def f(d)
    pass
