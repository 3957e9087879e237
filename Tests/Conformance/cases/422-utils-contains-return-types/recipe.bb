F = "a"
A = "${@bb.utils.contains('F', 'a', True, False, d)}"
B = "${@bb.utils.contains('F', 'b', 1, 0, d)}"
