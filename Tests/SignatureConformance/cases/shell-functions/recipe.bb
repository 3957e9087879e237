# Shell tasks calling shell functions that call further functions, with variables.
PN = "demo"
# BitBake needs at least one exported variable (its __exportlist must exist).
export BUILD_SYS = "x86_64-linux"
CC = "gcc"
CFLAGS = "-O2 -pipe ${DEBUG_FLAGS}"
DEBUG_FLAGS = "-g"
UNUSED = "not referenced"
B = "/build"

helper_two() {
	echo "${CC}" > ${B}/cc
}

helper_one() {
	helper_two
	${CC} ${CFLAGS} -c main.c
}

do_compile() {
	cd ${B}
	helper_one
	FOO=bar helper_three arg
	not_a_function --flag
}

helper_three() {
	echo three
}

do_install() {
	install -d ${D}
	oe_noexist
}
D = "/image"
addtask compile
addtask install after do_compile
