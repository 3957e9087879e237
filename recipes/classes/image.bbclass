# Root file system images, as OpenEmbedded's image.bbclass and rootfs_ipk do it:
#   do_rootfs        installs PACKAGE_INSTALL and, transitively, what their RDEPENDS name
#                    from the ipk feeds into ${IMAGE_ROOTFS}, with opkg's status file
#   do_image         runs ROOTFS_POSTPROCESS_COMMAND over the root file system
#   do_image_ext4    ${IMAGE_NAME}.ext4 (mkfs.ext4 -d, files owned by root without root)
#   do_image_cpio    ${IMAGE_NAME}.cpio.gz (a newc initramfs)
#   do_image_complete copies them to ${DEPLOY_DIR_IMAGE} with ${IMAGE_LINK_NAME} symlinks
# The recipe's RDEPENDS are PACKAGE_INSTALL, so [recrdeptask] reaches every package's
# recipe, and everything they build or run with.

IMAGE_INSTALL ?= ""
IMAGE_FSTYPES ?= "ext4 cpio.gz"
PACKAGE_INSTALL = "${IMAGE_INSTALL} ${DISTRO_EXTRA_RDEPENDS}"
RDEPENDS += "${PACKAGE_INSTALL}"
PACKAGES = ""
LICENSE ?= "MIT"
# An image is made for one machine.
PACKAGE_ARCH = "${MACHINE_ARCH}"
EXCLUDE_FROM_WORLD = "1"

IMAGE_BASENAME ?= "${PN}"
IMAGE_ROOTFS = "${WORKDIR}/rootfs"
IMGDEPLOYDIR = "${WORKDIR}/deploy-${PN}-image-complete"
IMAGE_MACHINE_SUFFIX ?= "-${MACHINE}"
IMAGE_NAME_SUFFIX ?= ".rootfs"
IMAGE_LINK_NAME ?= "${IMAGE_BASENAME}${IMAGE_MACHINE_SUFFIX}${IMAGE_NAME_SUFFIX}"
IMAGE_VERSION_SUFFIX ?= "-${DATETIME}"
IMAGE_VERSION_SUFFIX[vardepsexclude] += "DATETIME"
IMAGE_NAME ?= "${IMAGE_LINK_NAME}${IMAGE_VERSION_SUFFIX}"
IMAGE_NAME[vardepsexclude] += "IMAGE_VERSION_SUFFIX"

# ext4 size in KiB: the contents times the overhead factor plus the extra space, at least
# IMAGE_ROOTFS_SIZE.
IMAGE_ROOTFS_SIZE ?= "8192"
IMAGE_OVERHEAD_FACTOR ?= "1.3"
IMAGE_ROOTFS_EXTRA_SPACE ?= "1024"
EXTRA_IMAGECMD:ext4 ?= "-i 4096"

ROOTFS_POSTPROCESS_COMMAND ?= "rootfs_update_timestamp; rootfs_write_version;"

# Nothing to fetch or compile; nothing to stage or package.
do_fetch[noexec] = "1"
do_unpack[noexec] = "1"
do_patch[noexec] = "1"
do_configure[noexec] = "1"
do_compile[noexec] = "1"
do_install[noexec] = "1"
deltask populate_sysroot
deltask package
deltask packagedata
deltask package_write_ipk

addtask rootfs after do_prepare_recipe_sysroot
# Every package the image installs, and what those need, is written and has package data.
do_rootfs[recrdeptask] += "do_package_write_ipk do_packagedata"
do_rootfs[cleandirs] = "${IMAGE_ROOTFS} ${IMGDEPLOYDIR}"
do_rootfs[dirs] = "${IMAGE_ROOTFS} ${IMGDEPLOYDIR}"
do_rootfs[vardeps] += "PACKAGE_INSTALL PACKAGE_ARCHS"
python do_rootfs () {
    import io, os, subprocess, tarfile

    rootfs = d.getVar("IMAGE_ROOTFS")
    feeds = d.getVar("DEPLOY_DIR_IPK")

    # The feeds' indexes; a later architecture in PACKAGE_ARCHS wins over an earlier one.
    available = {}
    for arch in (d.getVar("PACKAGE_ARCHS") or "").split():
        index = os.path.join(feeds, arch, "Packages")
        if not os.path.exists(index):
            continue
        with open(index) as f:
            for stanza in f.read().split("\n\n"):
                fields = {}
                for line in stanza.splitlines():
                    if ": " in line:
                        key, value = line.split(": ", 1)
                        fields[key] = value
                if "Package" in fields:
                    fields["Path"] = os.path.join(feeds, arch, fields["Filename"])
                    available[fields["Package"]] = fields

    # PACKAGE_INSTALL and everything its Depends reach, each once, in request order.
    wanted = (d.getVar("PACKAGE_INSTALL") or "").split()
    installed = []
    needed_by = dict((name, "PACKAGE_INSTALL") for name in wanted)
    queue = list(wanted)
    while queue:
        name = queue.pop(0)
        if name in installed:
            continue
        if name not in available:
            bb.fatal("%s (needed by %s) is in no feed of %s" % (name, needed_by[name], feeds))
        installed.append(name)
        for dep in bb.utils.explode_deps(available[name].get("Depends", "").replace(",", " ")):
            if dep not in installed and dep not in queue:
                needed_by.setdefault(dep, name)
                queue.append(dep)

    status = []
    for name in installed:
        fields = available[name]
        bb.note("Installing %s %s (%s)" % (name, fields["Version"], fields["Architecture"]))
        data = subprocess.run(["ar", "p", fields["Path"], "data.tar.gz"], check=True,
                              stdout=subprocess.PIPE).stdout
        subprocess.run(["tar", "-xzf", "-", "-C", rootfs, "--no-same-owner",
                        "--same-permissions"], input=data, check=True)
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as t:
            files = [m.name[1:] for m in t.getmembers() if not m.isdir()]
        info = os.path.join(rootfs, "var/lib/opkg/info")
        bb.utils.mkdirhier(info)
        with open(os.path.join(info, name + ".list"), "w") as f:
            f.write("".join(path + "\n" for path in files))
        status.append("Package: %s\nVersion: %s\nDepends: %s\nStatus: install ok installed\n"
                      "Architecture: %s\n" % (name, fields["Version"], fields.get("Depends", ""),
                                              fields["Architecture"]))
    with open(os.path.join(rootfs, "var/lib/opkg/status"), "w") as f:
        f.write("\n".join(status))

    # The manifest: one "package architecture version" line per installed package.
    manifest = os.path.join(d.getVar("IMGDEPLOYDIR"), d.getVar("IMAGE_NAME") + ".manifest")
    with open(manifest, "w") as f:
        for name in sorted(installed):
            f.write("%s %s %s\n" % (name, available[name]["Architecture"], available[name]["Version"]))
}

rootfs_update_timestamp() {
	mkdir -p ${IMAGE_ROOTFS}${sysconfdir}
	echo "${DATETIME}" > ${IMAGE_ROOTFS}${sysconfdir}/timestamp
}
rootfs_update_timestamp[vardepsexclude] += "DATETIME"

rootfs_write_version() {
	mkdir -p ${IMAGE_ROOTFS}${sysconfdir}
	echo "${DISTRO_NAME} ${DISTRO_VERSION} (${IMAGE_BASENAME}, ${MACHINE})" > ${IMAGE_ROOTFS}${sysconfdir}/version
}

addtask image after do_rootfs
do_image[dirs] = "${IMAGE_ROOTFS}"
do_image() {
	${ROOTFS_POSTPROCESS_COMMAND}
}

# Size in KiB of the ext4 image for the current root file system.
image_rootfs_size() {
	used=$(du -ks ${IMAGE_ROOTFS} | cut -f1)
	size=$(awk "BEGIN { printf \"%d\", $used * ${IMAGE_OVERHEAD_FACTOR} + ${IMAGE_ROOTFS_EXTRA_SPACE} }")
	if [ "$size" -lt ${IMAGE_ROOTFS_SIZE} ]; then
		size=${IMAGE_ROOTFS_SIZE}
	fi
	echo $size
}

addtask image_ext4 after do_image before do_image_complete
do_image_ext4[dirs] = "${IMGDEPLOYDIR}"
do_image_ext4() {
	image=${IMGDEPLOYDIR}/${IMAGE_NAME}.ext4
	rm -f $image
	dd if=/dev/zero of=$image bs=1024 seek=$(image_rootfs_size) count=0 2>/dev/null
	mkfs.ext4 -F -q ${EXTRA_IMAGECMD:ext4} -L ${IMAGE_BASENAME} -E root_owner=0:0 \
		-d ${IMAGE_ROOTFS} $image
	# mkfs.ext4 -d keeps the builder's uid and gid; the image's files belong to root.
	if [ "$(id -u)" != 0 ]; then
		(cd ${IMAGE_ROOTFS} && find . -mindepth 1) | sed 's#^\.##' | while read -r path; do
			echo "set_inode_field $path uid 0"
			echo "set_inode_field $path gid 0"
		done > ${WORKDIR}/temp/ext4-owners.debugfs
		debugfs -w -f ${WORKDIR}/temp/ext4-owners.debugfs $image >/dev/null 2>&1 \
			|| bbfatal "debugfs could not set file owners in $image"
	fi
	e2fsck -fn $image >/dev/null || bbfatal "$image does not check clean"
}

addtask image_cpio after do_image before do_image_complete
do_image_cpio[dirs] = "${IMAGE_ROOTFS}"
do_image_cpio() {
	find . | LC_ALL=C sort | cpio --reproducible --quiet -o -H newc -R 0:0 \
		| gzip -9n > ${IMGDEPLOYDIR}/${IMAGE_NAME}.cpio.gz
}

python () {
    # Only the formats asked for are made.
    fstypes = (d.getVar("IMAGE_FSTYPES") or "").split()
    if "ext4" not in fstypes:
        d.setVarFlag("do_image_ext4", "noexec", "1")
    if "cpio.gz" not in fstypes:
        d.setVarFlag("do_image_cpio", "noexec", "1")
}

addtask image_complete after do_image before do_build
do_image_complete[dirs] = "${DEPLOY_DIR_IMAGE}"
do_image_complete() {
	for file in ${IMGDEPLOYDIR}/${IMAGE_NAME}.*; do
		[ -e "$file" ] || continue
		name=$(basename $file)
		cp -p $file ${DEPLOY_DIR_IMAGE}/$name
		# core-image-x-machine.rootfs-20250101120000.ext4 -> core-image-x-machine.rootfs.ext4
		ln -sfn $name ${DEPLOY_DIR_IMAGE}/${IMAGE_LINK_NAME}${name#${IMAGE_NAME}}
	done
}
