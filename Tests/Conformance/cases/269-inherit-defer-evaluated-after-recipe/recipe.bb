inherit_defer foo
A = "recipe"
B ?= "recipe"
