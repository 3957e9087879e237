# Python tasks: getVar/getVarFlag, contains tests, exec_func, calls to def functions.
PN = "pydemo"
# BitBake needs at least one exported variable (its __exportlist must exist).
export BUILD_SYS = "x86_64-linux"
DISTRO_FEATURES = "systemd x11 wayland"
PACKAGECONFIG = "foo"
WORKDIR = "/work"
S = "${WORKDIR}/src"

def helper_def(d):
    return d.getVar('HELPER_VAR')

HELPER_VAR = "helper value"

python do_configure() {
    s = d.getVar('S')
    flags = d.getVarFlag('do_configure', 'cleandirs')
    other = d.getVarFlag("SOMEVAR", "doc")
    if bb.utils.contains('DISTRO_FEATURES', 'systemd', True, False, d):
        bb.note("systemd")
    if bb.utils.contains_any('DISTRO_FEATURES', 'x11 directfb', True, False, d):
        pass
    if bb.utils.contains('PACKAGECONFIG', 'bar baz', True, False, d):
        pass
    helper_def(d)
    bb.build.exec_func('do_shellpart', d)
    d.setVar('X', d.expand('${WORKDIR}/x'))
}
do_configure[cleandirs] = "${S}/build"
SOMEVAR[doc] = "documentation ${UNSET_IN_FLAG}"

do_shellpart() {
	echo ${S}
}

python do_empty() {
}
addtask configure
addtask empty
