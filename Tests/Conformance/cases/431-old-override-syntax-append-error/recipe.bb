A = "a"
A_append = " x"
