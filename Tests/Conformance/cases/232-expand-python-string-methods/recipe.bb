A = "${@'abc'.upper()}"
B = "${@'a-b-c'.replace('-', '_')}"
C = "${@' '.join(['x', 'y'])}"
D = "${@'%s-%d' % ('v', 3)}"
