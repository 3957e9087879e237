# BB_SIGNATURE_EXCLUDE_FLAGS: flags not listed become VAR[flag] dependencies.
PN = "exflags"
# BitBake needs at least one exported variable (its __exportlist must exist).
export BUILD_SYS = "x86_64-linux"
BB_SIGNATURE_EXCLUDE_FLAGS = "doc deps depends func python dirs cleandirs task"
do_compile() {
	echo ${SOMEVAR}
}
do_compile[dirs] = "/tmp"
do_compile[network] = "1"
do_compile[umask] = "022"
SOMEVAR = "v"
SOMEVAR[doc] = "documented"
SOMEVAR[custom] = "custom ${FLAGREF}"
FLAGREF = "f"
addtask compile
