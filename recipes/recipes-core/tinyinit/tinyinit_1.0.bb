SUMMARY = "A tiny /sbin/init: mounts the kernel file systems, runs /etc/inittab, reaps"
LICENSE = "MIT"
SRC_URI = "file://init.c file://inittab"

# Static, so /sbin/init runs before any shared library could be found.
do_compile() {
	${CC} ${CPPFLAGS} ${CFLAGS} ${LDFLAGS} -static -o init init.c
}

do_install() {
	install -d ${D}${base_sbindir} ${D}${sysconfdir}
	install -m 0755 init ${D}${base_sbindir}/init
	install -m 0644 ${UNPACKDIR}/inittab ${D}${sysconfdir}/inittab
	# An initramfs starts /init.
	ln -sf sbin/init ${D}/init
}

FILES:${PN} += "/init"
