A = "a"
A:append = " ${B}"
B = "late"
