include ${UNDEF}
