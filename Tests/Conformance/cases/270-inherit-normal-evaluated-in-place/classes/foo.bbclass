A = "class"
B ?= "class"
