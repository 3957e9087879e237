# prefuncs, postfuncs and exports flags add dependencies.
PN = "prepost"
# BitBake needs at least one exported variable (its __exportlist must exist).
export BUILD_SYS = "x86_64-linux"
do_install[prefuncs] += "pre_one pre_two"
do_install[postfuncs] = "post_one"
do_install[exports] = "EXPORTED_BY_FLAG"
EXPORTED_BY_FLAG = "e"
pre_one() {
	echo pre
}
python pre_two() {
    d.getVar('PRE_TWO_VAR')
}
PRE_TWO_VAR = "p"
post_one() {
	echo post ${POST_VAR}
}
POST_VAR = "q"
do_install() {
	echo install
}
addtask install
