require greeting.inc
DESCRIPTION = "A small shared library that says ${GREETING}."
SRC_URI = "file://greeting.c file://greeting.h file://Makefile"
PROVIDES += "virtual/greeting"

# The word is compiled in (as a bare token the source turns into a string); the Makefile
# takes the rest of the flags from the environment.
CFLAGS += "-DGREETING=${GREETING}"
EXTRA_OEMAKE = "PREFIX=${prefix} LIBDIR=${libdir} INCLUDEDIR=${includedir}"

do_install() {
	oe_runmake install DESTDIR=${D}
}
