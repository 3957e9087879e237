# A package group: one empty package whose RDEPENDS pull a set of packages into an image.
inherit allarch

PACKAGES = "${PN}"
ALLOW_EMPTY:${PN} = "1"
LICENSE ?= "MIT"

# Nothing to build or stage.
deltask fetch
deltask unpack
deltask patch
deltask prepare_recipe_sysroot
deltask configure
deltask compile
deltask install
deltask populate_sysroot
