A = "native"
