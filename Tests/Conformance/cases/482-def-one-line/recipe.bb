def f(d): return "one"
A = "${@f(d)}"
