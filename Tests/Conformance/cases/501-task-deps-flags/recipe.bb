OTHER = "other"
addtask fetch
addtask unpack after do_fetch
addtask compile after do_unpack before do_build
addtask build
do_compile[depends] = "${OTHER}:do_populate_sysroot"
do_compile[deptask] = "do_populate_sysroot"
do_compile[nostamp] = "yes"
do_build[noexec] = "1"
do_build[recrdeptask] = "do_build"
do_fetch[umask] = "022"
do_fetch[rdeptask] ??= "do_package_write"
do_unpack[mcdepends] = "mc:a:b:${OTHER}:do_fetch"
do_unpack[fakeroot] = "1"
do_unpack[recideptask] = "do_${OTHER}"
do_unpack[rdepends] = "${OTHER}-data:do_package"
