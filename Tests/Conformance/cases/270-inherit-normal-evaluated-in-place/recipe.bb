inherit foo
A = "recipe"
B ?= "recipe"
