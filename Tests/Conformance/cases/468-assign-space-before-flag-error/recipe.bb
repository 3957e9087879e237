A [doc] = "x"
