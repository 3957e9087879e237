# Tasks and defaults every recipe of the example distribution gets (BitBake inherits
# base.bbclass into every recipe). The chain is OpenEmbedded's:
#   fetch -> unpack -> patch -> prepare_recipe_sysroot -> configure -> compile -> install
#   -> populate_sysroot (staging.bbclass) and package -> packagedata -> package_write_ipk
#   (package.bbclass, package_ipk.bbclass) -> build
# do_fetch and do_unpack go through BitBake's fetcher API (bb.fetch2), as OpenEmbedded's do;
# the layer's sources are local (file:// in SRC_URI, looked up along FILESPATH). do_patch is
# shell over patch(1), as a small stand-in for OpenEmbedded's patch.bbclass.

inherit logging staging package ${PACKAGE_CLASSES}

# Shell helpers (OpenEmbedded's utils.bbclass).
oe_runmake() {
	bbnote ${MAKE} ${PARALLEL_MAKE} ${EXTRA_OEMAKE} "$@"
	${MAKE} ${PARALLEL_MAKE} ${EXTRA_OEMAKE} "$@" || die "oe_runmake failed"
}

# Prints the value of parameter $2 of SRC_URI entry $1 (file://x.patch;striplevel=2).
src_uri_param() {
	echo "$1" | tr ';' '\n' | sed -n "s/^$2=//p" | head -n 1
}

# Succeeds for SRC_URI entries do_patch applies: *.patch and *.diff unless apply=no,
# anything with apply=yes.
is_patch() {
	_apply=$(src_uri_param "$1" apply)
	case "$_apply" in
		yes) return 0 ;;
		no) return 1 ;;
	esac
	case "${1%%;*}" in
		*.patch|*.diff) return 0 ;;
	esac
	return 1
}

addtask fetch
do_fetch[dirs] = "${DL_DIR}"
do_fetch[network] = "1"
do_fetch[vardeps] += "SRC_URI"
# The local sources' content is part of do_fetch's signature: editing one reruns the recipe.
do_fetch[file-checksums] = "${@bb.fetch.get_checksum_file_list(d)}"
python base_do_fetch() {
    urls = (d.getVar("SRC_URI") or "").split()
    if not urls:
        return
    try:
        bb.fetch2.Fetch(urls, d).download()
    except bb.fetch2.BBFetchException as error:
        bb.fatal("Fetcher error: %s" % error)
}

addtask unpack after do_fetch
do_unpack[dirs] = "${UNPACKDIR}"
do_unpack[cleandirs] = "${UNPACKDIR}"
python base_do_unpack() {
    urls = (d.getVar("SRC_URI") or "").split()
    if not urls:
        return
    try:
        bb.fetch2.Fetch(urls, d).unpack(d.getVar("UNPACKDIR"))
    except bb.fetch2.BBFetchException as error:
        bb.fatal("Fetcher error: %s" % error)
}

addtask patch after do_unpack
do_patch[dirs] = "${S}"
base_do_patch() {
	for uri in ${SRC_URI}; do
		is_patch "$uri" || continue
		path=${uri#file://}
		path=${path%%;*}
		striplevel=$(src_uri_param "$uri" striplevel)
		bbnote "Applying $path"
		patch -p${striplevel:-1} --no-backup-if-mismatch -d "${S}" -i "${UNPACKDIR}/$path" \
			|| bbfatal "$path does not apply"
	done
}

addtask configure after do_patch do_prepare_recipe_sysroot
do_configure[dirs] = "${B}"
base_do_configure() {
	:
}

addtask compile after do_configure
do_compile[dirs] = "${B}"
base_do_compile() {
	if [ -e Makefile ] || [ -e makefile ] || [ -e GNUmakefile ]; then
		oe_runmake || die "make failed"
	else
		bbnote "nothing to compile"
	fi
}

addtask install after do_compile
do_install[dirs] = "${B}"
# Starts from an empty ${D} each time.
do_install[cleandirs] = "${D}"
base_do_install() {
	:
}

addtask build after do_populate_sysroot
do_build[noexec] = "1"
base_do_build() {
	:
}

EXPORT_FUNCTIONS do_fetch do_unpack do_patch do_configure do_compile do_install do_build

python () {
    license = d.getVar("LICENSE")
    if not license or license == "INVALID":
        bb.fatal("%s: recipe does not set LICENSE" % d.getVar("PN"))
    # Recipes marked for one machine only are skipped on the others.
    compatible = d.getVar("COMPATIBLE_MACHINE")
    if compatible and d.getVar("MACHINE") not in compatible.split():
        raise bb.parse.SkipRecipe("incompatible with machine %s (not in COMPATIBLE_MACHINE)" % d.getVar("MACHINE"))
}
