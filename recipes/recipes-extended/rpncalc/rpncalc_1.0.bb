SUMMARY = "A reverse Polish notation calculator"
LICENSE = "MIT"
SRC_URI = "file://rpncalc.c"

do_compile() {
	${CC} ${CPPFLAGS} ${CFLAGS} ${LDFLAGS} -o rpncalc rpncalc.c -lm
}

do_install() {
	install -d ${D}${bindir}
	install -m 0755 rpncalc ${D}${bindir}
}
