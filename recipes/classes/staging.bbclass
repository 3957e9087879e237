# Sysroots: a recipe's headers and libraries (and, for -native recipes, its programs) are
# staged for the recipes that DEPENDS on it, as OpenEmbedded's staging.bbclass does without
# shared state:
#   do_populate_sysroot copies SYSROOT_DIRS of ${D} into
#     ${COMPONENTS_DIR}/${PACKAGE_ARCH}/${PN}, with a list of what the recipe PROVIDES;
#   do_prepare_recipe_sysroot (after every DEPENDS' do_populate_sysroot, via [deptask])
#     copies each dependency's component into ${RECIPE_SYSROOT}, or
#     ${RECIPE_SYSROOT_NATIVE} for -native ones (whose ${bindir} then is on PATH).
# Only direct DEPENDS are staged (OpenEmbedded follows them transitively).

SYSROOT_DIRS = "${includedir} ${libdir} ${base_libdir} ${datadir}"
SYSROOT_DIRS:class-native = "${includedir} ${libdir} ${base_libdir} ${datadir} ${bindir} ${sbindir}"
SYSROOT_COMPONENT = "${COMPONENTS_DIR}/${PACKAGE_ARCH}/${PN}"

addtask populate_sysroot after do_install
do_populate_sysroot[dirs] = "${SYSROOT_DESTDIR}"
do_populate_sysroot[cleandirs] = "${SYSROOT_DESTDIR} ${SYSROOT_COMPONENT}"
do_populate_sysroot() {
	for dir in ${SYSROOT_DIRS}; do
		if [ -d "${D}$dir" ]; then
			mkdir -p "${SYSROOT_DESTDIR}$dir"
			cp -R -P -p "${D}$dir/." "${SYSROOT_DESTDIR}$dir/"
		fi
	done
	cp -R -P -p "${SYSROOT_DESTDIR}/." "${SYSROOT_COMPONENT}/"
	# Names a DEPENDS entry may use for this recipe (PN, virtual/...), one per line.
	for name in ${PN} ${PROVIDES}; do
		echo "$name"
	done > "${SYSROOT_COMPONENT}/sysroot-provides"
}

addtask prepare_recipe_sysroot after do_fetch before do_configure
do_prepare_recipe_sysroot[deptask] = "do_populate_sysroot"
do_prepare_recipe_sysroot[cleandirs] = "${RECIPE_SYSROOT} ${RECIPE_SYSROOT_NATIVE}"
do_prepare_recipe_sysroot[dirs] = "${RECIPE_SYSROOT} ${RECIPE_SYSROOT_NATIVE}"
do_prepare_recipe_sysroot() {
	for dep in ${DEPENDS}; do
		# Version constraints ("foo (>= 1.0)") are not names.
		case "$dep" in
			"("*|*")") continue ;;
		esac
		component=""
		for list in ${COMPONENTS_DIR}/*/*/sysroot-provides; do
			[ -f "$list" ] || continue
			if grep -qxF "$dep" "$list"; then
				component=$(dirname "$list")
				break
			fi
		done
		[ -n "$component" ] || bbfatal "DEPENDS $dep: nothing staged it in ${COMPONENTS_DIR}"
		case "$dep" in
			*-native) sysroot="${RECIPE_SYSROOT_NATIVE}" ;;
			*) sysroot="${RECIPE_SYSROOT}" ;;
		esac
		bbnote "Staging $(basename "$component") for $dep into $sysroot"
		cp -R -P -p "$component/." "$sysroot/"
		rm -f "$sysroot/sysroot-provides"
	done
}
