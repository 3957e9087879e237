A = "${@'abc}"
