# vardeps, vardepsexclude, vardepvalue, vardepvalueexclude, BB_BASEHASH_IGNORE_VARS.
PN = "flags"
# BitBake needs at least one exported variable (its __exportlist must exist).
export BUILD_SYS = "x86_64-linux"
BB_BASEHASH_IGNORE_VARS = "DATETIME IGNORED_VAR"
DATETIME = "20240101"
IGNORED_VAR = "ignored"
EXTRA = "extra"
EXCLUDED = "excluded"
PINNED = "a value that changes ${DATETIME}"
PINNED[vardepvalue] = "fixed"
PARTIAL = "keep-this remove-me and-this"
PARTIAL[vardepvalueexclude] = "remove-me|and-"

do_build() {
	echo ${DATETIME} ${IGNORED_VAR} ${EXCLUDED} ${PINNED} ${PARTIAL}
}
do_build[vardeps] += "EXTRA VARDEPS_ONLY"
do_build[vardepsexclude] = "EXCLUDED"
addtask build
