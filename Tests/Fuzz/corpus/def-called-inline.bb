def f(d):
    return d.getVar("B") or "none"
A = "${@f(d)}"
