def f(d):
    return "from-f"

A = "${@f(d)}"
