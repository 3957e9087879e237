B = "b"
A = "${UNDEF}/${B}"
