A = "${@bb.utils.vercmp_string('1.0', '1.1')}"
B = "${@bb.utils.vercmp_string('2.0', '1.10')}"
C = "${@bb.utils.vercmp_string('1.0', '1.0')}"
E = "${@bb.utils.vercmp_string('1.10', '1.9')}"
