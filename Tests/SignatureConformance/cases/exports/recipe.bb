# Exported variables are dependencies of every shell task, not of Python tasks.
PN = "exports"
export CC = "gcc"
export CXX = "g++ ${CXXFLAGS}"
CXXFLAGS = "-O2"
export LD = "ld"
LD[unexport] = "1"
export PATH
PATH = "/usr/bin"
NOT_EXPORTED = "x"

do_compile() {
	echo building
}
python do_py() {
    bb.note("no shell")
}
do_other() {
	do_compile
}
addtask compile
addtask py
addtask other
