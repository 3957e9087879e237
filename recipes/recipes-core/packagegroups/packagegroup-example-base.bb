SUMMARY = "The example distribution's programs"
LICENSE = "MIT"

inherit packagegroup

RDEPENDS:${PN} = "hello fortune count sysinfo kv rpncalc"
