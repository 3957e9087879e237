A:append = " y"
A ?= "x"
