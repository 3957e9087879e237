# Weak and default values, flags read through references, functions named only in vardeps.
PN = "defaults"
export BUILD_SYS = "x86_64-linux"
WEAK ??= "weak ${DEFAULTED}"
DEFAULTED ?= "default"
DEFAULTED ?= "second default"
PACKAGES = "${PN} ${PN}-dev"
FILES:${PN}-dev = "/usr/include"
do_package() {
	echo ${WEAK} ${FILES:${PN}-dev} ${@d.getVarFlag('do_package', 'sstate-inputdirs')}
}
do_package[sstate-inputdirs] = "${PKGDEST}"
PKGDEST = "/pkgdata"
do_package[vardeps] += "vardeps_only_function"
vardeps_only_function() {
	echo ${ONLY_HERE}
}
ONLY_HERE = "only"
addtask package
