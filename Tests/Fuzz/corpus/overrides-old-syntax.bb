A_append = "x"
