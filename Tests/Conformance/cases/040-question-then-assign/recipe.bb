A ?= "x"
A = "y"
