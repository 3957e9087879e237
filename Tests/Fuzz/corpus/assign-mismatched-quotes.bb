A = "value'
