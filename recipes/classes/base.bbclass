# Tasks and defaults every recipe of the example distribution gets (inherited by the
# configuration, as BitBake inherits base.bbclass).
CFLAGS:append:debug = " -g"

addtask fetch
addtask unpack after do_fetch
addtask compile after do_unpack
addtask install after do_compile
addtask build after do_install

# A recipe compiles against what its DEPENDS installed.
do_compile[deptask] = "do_install"

base_do_compile() {
    oe_runmake
}

base_do_install() {
    :
}

EXPORT_FUNCTIONS do_compile do_install

python () {
    if d.getVar("LICENSE") is None:
        bb.fatal("%s does not set LICENSE" % d.getVar("PN"))
}
