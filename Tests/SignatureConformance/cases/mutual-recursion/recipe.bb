# Functions calling each other, and variables referring to each other through a chain.
PN = "mutual"
# BitBake needs at least one exported variable (its __exportlist must exist).
export BUILD_SYS = "x86_64-linux"
ping() {
	pong ${LEVEL_A}
}
pong() {
	ping ${LEVEL_B}
}
LEVEL_A = "${LEVEL_B} a"
LEVEL_B = "${LEVEL_C} b"
LEVEL_C = "c ${UNDEFINED_VAR}"
python do_start() {
    bb.build.exec_func('ping', d)
    walk(d)
}
def walk(d):
    return walk(d) if d.getVar('WALK') else None
WALK = ""
addtask start
