SUMMARY = "Counts lines, words and bytes"
LICENSE = "MIT"
SRC_URI = "file://count.c \
           file://0001-count-words-too.patch \
          "

do_compile() {
	${CC} ${CPPFLAGS} ${CFLAGS} ${LDFLAGS} -o count count.c
}

do_install() {
	install -d ${D}${bindir}
	install -m 0755 count ${D}${bindir}
}
