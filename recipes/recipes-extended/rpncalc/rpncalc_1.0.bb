SUMMARY = "A reverse Polish notation calculator"
LICENSE = "MIT"
# A release tarball, as most upstream sources come: do_unpack extracts it into UNPACKDIR.
SRC_URI = "file://${BP}.tar.gz"
S = "${UNPACKDIR}/${BP}"

do_compile() {
	${CC} ${CPPFLAGS} ${CFLAGS} ${LDFLAGS} -o rpncalc rpncalc.c -lm
}

do_install() {
	install -d ${D}${bindir}
	install -m 0755 rpncalc ${D}${bindir}
}
