inherit foo
inherit foo
inherit foo foo
