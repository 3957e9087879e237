F = "abc"
A = "${@bb.utils.contains('F', 'ab', 'yes', 'no', d)}"
