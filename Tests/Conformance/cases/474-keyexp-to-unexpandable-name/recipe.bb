X = "${UNDEF}"
A_${X} = "v"
