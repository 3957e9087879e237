A = "${@bb.utils.contains('UNSET', 'a', 'yes', 'no', d)}"
E = ""
B = "${@bb.utils.contains('E', '', 'yes', 'no', d)}"
