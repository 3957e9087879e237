def f(d):
    return f(d)
A = "${@f(d)}"
