A = "${@1/0}"
B = "${@undefined_name}"
C = "${@int('z')}"
