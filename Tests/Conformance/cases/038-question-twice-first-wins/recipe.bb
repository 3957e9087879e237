A ?= "first"
A ?= "second"
