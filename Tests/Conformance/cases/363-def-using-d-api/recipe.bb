def pick(d, var):
    return (d.getVar(var) or "").split()[-1]
B = "x y z"
A = "${@pick(d, 'B')}"
