A = "x ${UNDEF} y"
