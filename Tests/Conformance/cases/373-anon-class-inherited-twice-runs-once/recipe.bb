A = "start"
inherit foo
inherit foo
