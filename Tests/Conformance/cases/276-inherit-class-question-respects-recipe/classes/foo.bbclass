A ?= "class"
