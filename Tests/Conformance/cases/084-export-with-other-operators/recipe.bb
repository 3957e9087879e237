export A ?= "a"
export B += "b"
export C ??= "c"
export D := "d"
