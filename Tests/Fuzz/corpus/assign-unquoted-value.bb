A = value
