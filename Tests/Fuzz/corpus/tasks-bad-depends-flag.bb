addtask fuzz
do_fuzz[depends] = "a:b:c"
do_fuzz[rdepends] = "${@1/0}"
