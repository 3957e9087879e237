# Inline Python in variables referenced by a task.
PN = "inline"
# BitBake needs at least one exported variable (its __exportlist must exist).
export BUILD_SYS = "x86_64-linux"
DISTRO_FEATURES = "systemd pam"
INIT = "${@bb.utils.contains('DISTRO_FEATURES', 'systemd', 'systemd', 'sysvinit', d)}"
VERSIONED = "${@d.getVar('PV') or 'none'}-${PR}"
PV = "1.0"
PR = "r0"
FLAGREAD = "${@d.getVarFlag('do_compile', 'dirs') or ''}"
CALLS = "${@oe_helper(d)}"
def oe_helper(d):
    return d.getVar('HELPER_INPUT') or ''
HELPER_INPUT = "input"
ANY = "${@bb.utils.contains_any('DISTRO_FEATURES', 'pam ldap', 'yes', 'no', d)}"

do_compile() {
	echo ${INIT} ${VERSIONED} ${FLAGREAD} ${CALLS} ${ANY}
}
do_compile[dirs] = "/tmp/dirs"
addtask compile
