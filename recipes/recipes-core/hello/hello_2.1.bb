SUMMARY = "Prints a greeting using libgreeting"
LICENSE = "MIT"
DEPENDS = "virtual/greeting"
SRC_URI = "file://hello.c"
RDEPENDS:${PN} = "libgreeting"
CFLAGS += "-DGREETING='\"${@d.getVar('PN').capitalize()}\"'"

do_install() {
    install -d ${D}${bindir}
    install -m 0755 hello ${D}${bindir}
}
