TASKNAME = "install"
addtask configure
addtask compile after do_configure
addtask ${TASKNAME} after do_compile
addtask configure before do_compile
addtask package after do_install
deltask do_compile
python () {
    d.setVarFlag("do_package", "noexec", 1)
}
