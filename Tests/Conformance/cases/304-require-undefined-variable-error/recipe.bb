require ${UNDEF}
