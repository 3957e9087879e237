A = "${@len('abcd')}"
B = "${@sorted(['b', 'a'])}"
C = "${@str(max(3, 9))}"
