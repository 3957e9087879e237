A_prepend = "x "
