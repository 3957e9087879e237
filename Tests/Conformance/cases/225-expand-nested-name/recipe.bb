X = "B"
B = "val"
A = "${${X}}"
