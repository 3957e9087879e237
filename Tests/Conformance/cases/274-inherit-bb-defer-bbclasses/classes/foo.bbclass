A = "class"
