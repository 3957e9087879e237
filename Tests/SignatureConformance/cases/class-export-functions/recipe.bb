# A class exports do_compile; the recipe extends it.
PN = "classy"
# BitBake needs at least one exported variable (its __exportlist must exist).
export BUILD_SYS = "x86_64-linux"
inherit builder
JOBS = "8"
do_compile:append() {
	echo done
}
