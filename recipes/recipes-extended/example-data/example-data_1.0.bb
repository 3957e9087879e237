SUMMARY = "Text the example programs show: the message of the day and tips"
LICENSE = "CC0-1.0"
SRC_URI = "file://motd.txt file://tips.txt"

# Plain text: one package for every architecture.
inherit allarch

do_install() {
	install -d ${D}${datadir}/${BPN}
	install -m 0644 motd.txt tips.txt ${D}${datadir}/${BPN}/
}
