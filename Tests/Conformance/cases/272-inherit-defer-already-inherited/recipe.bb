inherit foo
inherit_defer foo
