SUMMARY = "Shows the system's name and the message of the day"
LICENSE = "MIT"
SRC_URI = "file://sysinfo.c"
# Nothing to build against, but the message it shows comes from another package at run time.
RDEPENDS:${PN} = "example-data"

CFLAGS += "-DDATADIR=${datadir}"

do_compile() {
	${CC} ${CPPFLAGS} ${CFLAGS} ${LDFLAGS} -o sysinfo sysinfo.c
}

do_install() {
	install -d ${D}${bindir}
	install -m 0755 sysinfo ${D}${bindir}
}
