do_install[dirs] = "/d"
inherit foo
