# Shell constructs: loops, case, here-documents, substitutions, pipelines, subshells.
PN = "constructs"
# BitBake needs at least one exported variable (its __exportlist must exist).
export BUILD_SYS = "x86_64-linux"
S = "/src"
do_configure() {
	for f in $(list_files); do
		case "$f" in
			*.c) compile_c "$f" ;;
			*.h) true ;;
		esac
	done
	while read line; do
		handle_line "$line"
	done < ${S}/input
	cat > ${S}/out <<END
$(not_scanned)
END
	(cd ${S} && sub_helper) | filter_helper
	if check_helper; then
		result=`backtick_helper`
	fi
	export VALUE="$(dq_helper)"
	local_fn() {
		inner_helper
	}
	local_fn
	eval eval_helper
}
list_files() {
	ls
}
compile_c() {
	cc -c $1
}
handle_line() {
	echo $1
}
not_scanned() {
	echo never
}
sub_helper() {
	:
}
filter_helper() {
	cat
}
check_helper() {
	true
}
backtick_helper() {
	echo b
}
dq_helper() {
	echo dq
}
inner_helper() {
	echo inner
}
local_fn() {
	echo shadowed
}
eval_helper() {
	echo eval
}
addtask configure
