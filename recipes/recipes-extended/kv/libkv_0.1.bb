SUMMARY = "A tiny key-value file store (static library)"
LICENSE = "MIT"
SECTION = "libs"
SRC_URI = "file://kv.c file://kv.h"

do_compile() {
	${CC} ${CPPFLAGS} ${CFLAGS} -c kv.c -o kv.o
	${AR} rcs libkv.a kv.o
}

do_install() {
	install -d ${D}${libdir} ${D}${includedir}
	install -m 0644 libkv.a ${D}${libdir}/
	install -m 0644 kv.h ${D}${includedir}/
}
# Only a static library and its header: everything is in ${PN}-dev and ${PN} stays empty
# (so it is not written).
