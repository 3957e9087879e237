# Messages from shell tasks, as OpenEmbedded's logging.bbclass spells them (BitBake's task
# log gets them; bbfatal fails the task).
bbplain() {
	echo "$*"
}

bbnote() {
	echo "NOTE: $*"
}

bbwarn() {
	echo "WARNING: $*"
}

bbfatal() {
	echo "ERROR: $*"
	exit 1
}

die() {
	bbfatal "$*"
}
