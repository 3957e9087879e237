N = "41"
A = "${@int(d.getVar('N')) + 1}"
