# BB_HASH_CODEPARSER_VALS: code is analysed with these values, so a path-dependent
# function name does not change the dependencies.
# BitBake needs at least one exported variable (its __exportlist must exist).
export BUILD_SYS = "x86_64-linux"
PN = "cpv"
BB_HASH_CODEPARSER_VALS = "TOOL_PREFIX=generic-"
TOOL_PREFIX = "arm-linux-"
generic-run() {
	echo generic
}
arm-linux-run() {
	echo arm
}
do_compile() {
	${TOOL_PREFIX}run
}
addtask compile
