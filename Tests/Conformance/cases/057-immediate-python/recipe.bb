N = "2"
A := "${@int(d.getVar('N')) * 3}"
N = "5"
