F = "c a b a"
A = "${@bb.utils.filter('F', 'b z a', d)}"
B = "${@bb.utils.filter('F', 'z', d)}"
C = "${@bb.utils.filter('UNSET', 'a', d)}"
