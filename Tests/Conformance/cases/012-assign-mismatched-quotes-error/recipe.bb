A = "x'
