SUMMARY = "Prints a greeting using libgreeting"
LICENSE = "MIT"
DEPENDS = "virtual/greeting"
SRC_URI = "file://hello.c"
# The shared library the program links (no automatic shared library dependencies here).
RDEPENDS:${PN} = "libgreeting"
CFLAGS += "-DPROGRAM=${@d.getVar('PN').capitalize()}"

do_compile() {
	${CC} ${CPPFLAGS} ${CFLAGS} ${LDFLAGS} -o hello hello.c -lgreeting
}

do_install() {
	install -d ${D}${bindir}
	install -m 0755 hello ${D}${bindir}
}
