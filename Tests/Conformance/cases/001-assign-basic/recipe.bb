A = "value"
