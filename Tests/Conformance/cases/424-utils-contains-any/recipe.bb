F = "a b c"
A = "${@bb.utils.contains_any('F', 'z b', 'yes', 'no', d)}"
B = "${@bb.utils.contains_any('F', 'x z', 'yes', 'no', d)}"
C = "${@bb.utils.contains_any('UNSET', 'a', 'yes', 'no', d)}"
