N = "4"
A[f] = "${@int(d.getVar('N')) + 1}"
