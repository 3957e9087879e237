SUMMARY = "The root file system's skeleton: directories, /etc/hostname, users, os-release"
LICENSE = "MIT"
SRC_URI = "file://passwd file://group file://fstab"
# /etc/hostname names the machine.
PACKAGE_ARCH = "${MACHINE_ARCH}"

hostname ?= "example"
dirs755 = "/bin /dev /etc /home /lib /proc /root /run /sbin /sys /tmp /usr /usr/bin \
           /usr/lib /usr/sbin /usr/share /var /var/log"

do_install() {
	for dir in ${dirs755}; do
		install -d -m 0755 ${D}$dir
	done
	chmod 1777 ${D}/tmp
	chmod 0700 ${D}/root
	install -m 0644 ${UNPACKDIR}/passwd ${UNPACKDIR}/group ${UNPACKDIR}/fstab ${D}${sysconfdir}/
	echo "${hostname}" > ${D}${sysconfdir}/hostname
	cat > ${D}${sysconfdir}/os-release <<EOT
ID=${DISTRO}
NAME="${DISTRO_NAME}"
VERSION="${DISTRO_VERSION} (${DISTRO_CODENAME})"
VERSION_ID=${DISTRO_VERSION}
VERSION_CODENAME=${DISTRO_CODENAME}
PRETTY_NAME="${DISTRO_NAME} ${DISTRO_VERSION} (${DISTRO_CODENAME})"
EOT
	printf '%s\n\n' "${DISTRO_NAME} ${DISTRO_VERSION} \\n \\l" > ${D}${sysconfdir}/issue
}

# The skeleton's directories are part of the package even though they are empty.
FILES:${PN} = "/"
