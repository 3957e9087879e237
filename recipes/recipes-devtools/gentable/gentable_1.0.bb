SUMMARY = "Turns a text file into a C header holding its lines as a string table"
LICENSE = "MIT"
SECTION = "devel"
SRC_URI = "file://gentable.c"

do_compile() {
	${CC} ${CPPFLAGS} ${CFLAGS} ${LDFLAGS} -o gentable gentable.c
}

do_install() {
	install -d ${D}${bindir}
	install -m 0755 gentable ${D}${bindir}
}

# gentable-native runs on the build host while other recipes compile (fortune).
BBCLASSEXTEND = "native"
