# Splitting a recipe's ${D} into packages, as OpenEmbedded's package.bbclass does (without
# debug splitting, shared library dependency detection or QA):
#   do_package copies ${D} to ${PKGD}, moves each file into the first package of PACKAGES
#     one of whose FILES:<pkg> patterns matches it (or one of its parent directories),
#     under ${PKGDEST}/<pkg>, and writes package data to ${PKGDESTWORK};
#   do_packagedata publishes that data to ${PKGDATA_DIR}, where the image reads it.
# Packages that end up empty are not written unless ALLOW_EMPTY:<pkg> = "1".

PACKAGES ?= "${PN}-dev ${PN}-doc ${PN}"
PACKAGES_DYNAMIC ?= ""

FILES:${PN} ?= "${bindir}/* ${sbindir}/* ${libexecdir}/* ${libdir}/lib*.so.* \
    ${sysconfdir} ${base_bindir}/* ${base_sbindir}/* ${base_libdir}/*.so.* \
    ${datadir}/${BPN} ${localstatedir}"
FILES:${PN}-dev ?= "${includedir} ${libdir}/lib*.so ${libdir}/*.a ${libdir}/pkgconfig"
FILES:${PN}-doc ?= "${docdir} ${mandir}"
RDEPENDS:${PN}-dev += "${PN}"
SUMMARY:${PN}-dev ?= "${SUMMARY} - development files"
SUMMARY:${PN}-doc ?= "${SUMMARY} - documentation"

addtask package after do_install
do_package[dirs] = "${PKGD} ${PKGDEST} ${PKGDESTWORK}"
do_package[cleandirs] = "${PKGD} ${PKGDEST} ${PKGDESTWORK}"
do_package[vardeps] += "PACKAGES"
python do_package () {
    import glob, json, os, shutil

    dest = d.getVar("D")
    pkgd = d.getVar("PKGD")
    pkgdest = d.getVar("PKGDEST")
    pkgdata = d.getVar("PKGDESTWORK")
    packages = (d.getVar("PACKAGES") or "").split()

    # PKGD is a copy of D (BitBake's own shutil use, no cp -a needed).
    # (Package groups have no do_install, hence no ${D}.)
    shutil.rmtree(pkgd)
    if os.path.isdir(dest):
        shutil.copytree(dest, pkgd, symlinks=True)
    else:
        bb.utils.mkdirhier(pkgd)

    def walk(root):
        found = []
        for top, dirs, files in os.walk(root):
            for name in files + [x for x in dirs if os.path.islink(os.path.join(top, x))]:
                found.append(os.path.join(top, name)[len(root):])
            for name in dirs:
                path = os.path.join(top, name)
                if not os.path.islink(path) and not os.listdir(path):
                    found.append(path[len(root):])
        return sorted(found)

    claimed = {}
    for pkg in packages:
        patterns = (d.getVar("FILES:" + pkg) or "").split()
        matches = set()
        for pattern in patterns:
            for match in glob.glob(pkgd + "/" + pattern.strip("/")):
                matches.add(match[len(pkgd):].rstrip("/") or "/")
        for path in walk(pkgd):
            if path in claimed:
                continue
            # The path itself or a directory above it (up to "/") is named.
            parts = path.split("/")
            owners = ["/".join(parts[:n]) for n in range(2, len(parts) + 1)] + ["/"]
            if any(owner in matches for owner in owners):
                claimed[path] = pkg

    unshipped = [path for path in walk(pkgd) if path not in claimed]
    if unshipped:
        bb.warn("%s: files installed but not shipped in any package: %s"
                % (d.getVar("PN"), " ".join(unshipped)))

    contents = dict((pkg, []) for pkg in packages)
    for path, pkg in sorted(claimed.items()):
        source = pkgd + path
        target = os.path.join(pkgdest, pkg) + path
        bb.utils.mkdirhier(os.path.dirname(target))
        if os.path.isdir(source) and not os.path.islink(source):
            bb.utils.mkdirhier(target)
            shutil.copystat(source, target)
        else:
            os.rename(source, target)
        contents[pkg].append(path)

    # Package data: what the recipe made (pkgdata/<PN>) and each package
    # (pkgdata/runtime/<pkg>), in OpenEmbedded's "NAME:pkg: value" lines.
    bb.utils.mkdirhier(os.path.join(pkgdata, "runtime"))
    with open(os.path.join(pkgdata, d.getVar("PN")), "w") as f:
        f.write("PACKAGES: %s\n" % " ".join(packages))
    for pkg in packages:
        files = {}
        for path in contents[pkg]:
            full = os.path.join(pkgdest, pkg) + path
            files[path] = 0 if os.path.isdir(full) else os.lstat(full).st_size
        empty = not [p for p in files if not os.path.isdir(os.path.join(pkgdest, pkg) + p)]
        allow_empty = d.getVar("ALLOW_EMPTY:" + pkg) or d.getVar("ALLOW_EMPTY") or ""
        with open(os.path.join(pkgdata, "runtime", pkg), "w") as f:
            f.write("PN: %s\n" % d.getVar("PN"))
            f.write("PV: %s\n" % d.getVar("PV"))
            f.write("PR: %s\n" % d.getVar("PR"))
            f.write("PKG:%s: %s\n" % (pkg, pkg))
            f.write("PACKAGE_ARCH:%s: %s\n" % (pkg, d.getVar("PACKAGE_ARCH")))
            f.write("SUMMARY:%s: %s\n" % (pkg, d.getVar("SUMMARY:" + pkg) or d.getVar("SUMMARY")))
            f.write("RDEPENDS:%s: %s\n" % (pkg, " ".join((d.getVar("RDEPENDS:" + pkg) or "").split())))
            f.write("ALLOW_EMPTY:%s: %s\n" % (pkg, "1" if allow_empty == "1" else ""))
            f.write("PKGSIZE:%s: %d\n" % (pkg, sum(files.values())))
            f.write("FILES_INFO:%s: %s\n" % (pkg, json.dumps(files, sort_keys=True)))
        if empty and allow_empty != "1":
            bb.note("%s is empty, not written" % pkg)
}

addtask packagedata after do_package
do_packagedata[dirs] = "${PKGDATA_DIR}"
do_packagedata() {
	mkdir -p "${PKGDATA_DIR}/runtime"
	cp -p "${PKGDESTWORK}/${PN}" "${PKGDATA_DIR}/${PN}"
	cp -p "${PKGDESTWORK}"/runtime/* "${PKGDATA_DIR}/runtime/"
}
