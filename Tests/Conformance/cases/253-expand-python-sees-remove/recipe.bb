A = "a b c"
A:remove = "b"
B = "${@d.getVar('A').split()}"
