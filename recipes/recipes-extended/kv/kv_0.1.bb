SUMMARY = "Command line front end of libkv: kv get|set|list"
LICENSE = "MIT"
SRC_URI = "file://kvtool.c"
# Linked statically: needed to build, not to run.
DEPENDS = "libkv"

do_compile() {
	${CC} ${CPPFLAGS} ${CFLAGS} ${LDFLAGS} -o kv kvtool.c -lkv
}

do_install() {
	install -d ${D}${bindir}
	install -m 0755 kv ${D}${bindir}
}
