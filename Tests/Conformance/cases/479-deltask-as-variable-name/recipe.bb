deltask = "x"
