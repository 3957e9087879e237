BB_DEFER_BBCLASSES = "foo"
inherit foo
A = "recipe"
