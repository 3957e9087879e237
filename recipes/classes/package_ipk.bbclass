# Writes each non-empty package of PACKAGES as an .ipk, the opkg format: an ar archive of
# debian-binary, control.tar.gz (./control) and data.tar.gz (the files, owned by root), into
# ${DEPLOY_DIR_IPK}/${PACKAGE_ARCH}/<pkg>_<PV>-<PR>_<arch>.ipk, and regenerates that
# directory's Packages index (the feed image.bbclass installs from).

IPK_FEED_DIR = "${DEPLOY_DIR_IPK}/${PACKAGE_ARCH}"

addtask package_write_ipk after do_packagedata before do_build
do_package_write_ipk[dirs] = "${WORKDIR}/deploy-ipks ${IPK_FEED_DIR}"
do_package_write_ipk[cleandirs] = "${WORKDIR}/deploy-ipks"
# The feed's index is rewritten by every recipe of that architecture: one at a time.
do_package_write_ipk[lockfiles] = "${DEPLOY_DIR_IPK}/ipk-index.lock"
# What a package needs at run time has package data before this package is written.
do_package_write_ipk[rdeptask] = "do_packagedata"
do_build[recrdeptask] += "do_package_write_ipk"
python do_package_write_ipk () {
    import glob, hashlib, io, os, subprocess, tarfile

    pkgdest = d.getVar("PKGDEST")
    arch = d.getVar("PACKAGE_ARCH")
    feed = d.getVar("IPK_FEED_DIR")
    work = os.path.join(d.getVar("WORKDIR"), "deploy-ipks")
    version = "%s-%s" % (d.getVar("PV"), d.getVar("PR"))

    def run(args, cwd=None):
        result = subprocess.run(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if result.returncode != 0:
            bb.fatal("%s failed: %s" % (" ".join(args), result.stdout.decode(errors="replace")))
        return result.stdout

    for pkg in (d.getVar("PACKAGES") or "").split():
        root = os.path.join(pkgdest, pkg)
        for old in glob.glob(os.path.join(feed, "%s_*_%s.ipk" % (pkg, arch))):
            os.unlink(old)
        has_files = False
        for top, dirs, files in os.walk(root):
            if files or [x for x in dirs if os.path.islink(os.path.join(top, x))]:
                has_files = True
                break
        allow_empty = d.getVar("ALLOW_EMPTY:" + pkg) or d.getVar("ALLOW_EMPTY") or ""
        if not has_files and allow_empty != "1":
            continue
        bb.utils.mkdirhier(root)

        rdepends = bb.utils.explode_dep_versions2(d.getVar("RDEPENDS:" + pkg) or "")
        depends = []
        for name in rdepends:
            versions = rdepends[name]
            depends.append("%s (%s)" % (name, versions[0]) if versions else name)
        fields = [
            ("Package", pkg),
            ("Version", version),
            ("Description", d.getVar("SUMMARY:" + pkg) or d.getVar("SUMMARY")),
            ("Section", d.getVar("SECTION")),
            ("Priority", "optional"),
            ("Maintainer", d.getVar("MAINTAINER")),
            ("License", d.getVar("LICENSE")),
            ("Architecture", arch),
            ("OE", d.getVar("PN")),
            ("Source", os.path.basename(d.getVar("FILE"))),
        ]
        if depends:
            fields.append(("Depends", ", ".join(depends)))

        pkgwork = os.path.join(work, pkg)
        control = os.path.join(pkgwork, "CONTROL")
        bb.utils.mkdirhier(control)
        with open(os.path.join(control, "control"), "w") as f:
            for key, value in fields:
                f.write("%s: %s\n" % (key, value))
        with open(os.path.join(pkgwork, "debian-binary"), "w") as f:
            f.write("2.0\n")
        tar = ["tar", "--sort=name", "--owner=0", "--group=0", "--numeric-owner", "--format=gnu"]
        run(tar + ["-czf", os.path.join(pkgwork, "control.tar.gz"), "-C", control, "./control"])
        run(tar + ["-czf", os.path.join(pkgwork, "data.tar.gz"), "-C", root, "."])
        ipk = os.path.join(feed, "%s_%s_%s.ipk" % (pkg, version, arch))
        run(["ar", "rc", ipk, "debian-binary", "control.tar.gz", "data.tar.gz"], cwd=pkgwork)

    # The feed index: each package's control fields plus where and what its file is.
    entries = []
    for ipk in sorted(glob.glob(os.path.join(feed, "*.ipk"))):
        archive = run(["ar", "p", ipk, "control.tar.gz"])
        with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as t:
            text = t.extractfile("./control").read().decode()
        with open(ipk, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        entries.append("%sFilename: %s\nSize: %d\nSHA256sum: %s\n" % (
            text, os.path.basename(ipk), os.path.getsize(ipk), digest))
    with open(os.path.join(feed, "Packages"), "w") as f:
        f.write("\n".join(entries))
}
