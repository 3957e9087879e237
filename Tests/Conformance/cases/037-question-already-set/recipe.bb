A = "x"
A ?= "y"
