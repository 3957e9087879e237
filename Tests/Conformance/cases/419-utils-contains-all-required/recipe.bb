F = "a b c"
A = "${@bb.utils.contains('F', 'a c', 'yes', 'no', d)}"
B = "${@bb.utils.contains('F', 'a z', 'yes', 'no', d)}"
C = "${@bb.utils.contains('F', ['c', 'b'], 'yes', 'no', d)}"
