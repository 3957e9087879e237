F = "a b c"
A = "${@bb.utils.contains('F', 'b', 'yes', 'no', d)}"
B = "${@bb.utils.contains('F', 'z', 'yes', 'no', d)}"
