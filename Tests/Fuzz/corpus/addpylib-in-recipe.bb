addpylib ${TOPDIR}/lib fuzz
