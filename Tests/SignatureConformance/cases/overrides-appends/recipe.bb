# Overrides, :append/:prepend/:remove on variables and functions.
PN = "ovr"
# BitBake needs at least one exported variable (its __exportlist must exist).
export BUILD_SYS = "x86_64-linux"
OVERRIDES = "linux:arm"
CFLAGS = "-O2 -Wall ${SECURITY}"
CFLAGS:append = " -fPIC"
CFLAGS:remove = "-Wall ${REMOVED_FLAG}"
REMOVED_FLAG = "-Werror"
SECURITY = "-fstack-protector"
LDFLAGS = "-Wl,-O1"
LDFLAGS:arm = "-Wl,--fix-arm"
LDFLAGS:x86 = "-Wl,--x86"
FEATURES = "a b c"
FEATURES:remove = "${@bb.utils.contains('DISTRO', 'poky', 'b', '', d)}"
DISTRO = "poky"

do_compile() {
	echo ${CFLAGS} ${LDFLAGS} ${FEATURES}
}
do_compile:append() {
	appended_helper
}
do_compile:prepend:arm() {
	arm_helper
}
appended_helper() {
	echo appended
}
arm_helper() {
	echo arm
}
do_compile:append:x86() {
	x86_helper
}
x86_helper() {
	echo x86
}
addtask compile
