B = "b"
A[f] = "${@d.getVar('B') * 2}"
