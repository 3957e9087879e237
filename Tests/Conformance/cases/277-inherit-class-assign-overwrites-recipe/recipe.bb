A = "recipe"
inherit foo
