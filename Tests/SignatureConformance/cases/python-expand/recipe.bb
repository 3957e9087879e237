# Python functions: d.expand of literals, nested calls, appended Python, getVar in def functions.
PN = "pyexpand"
export BUILD_SYS = "x86_64-linux"
BINDIR = "/usr/bin"
def nested_one(d):
    return nested_two(d) + d.getVar('NESTED_VAR')
def nested_two(d):
    return d.getVarFlag('NESTED_VAR', 'doc') or ''
NESTED_VAR = "n"
python do_install() {
    path = d.expand('${D}${BINDIR}/tool')
    nested_one(d)
    oe.path.copytree(path, path)
}
python do_install:append() {
    d.getVar('APPENDED_VAR')
}
APPENDED_VAR = "a"
D = "/image"
addtask install
