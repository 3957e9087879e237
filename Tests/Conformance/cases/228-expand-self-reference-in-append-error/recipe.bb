A = "a"
A:append = " ${A}"
