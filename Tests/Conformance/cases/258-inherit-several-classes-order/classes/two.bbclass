V = "two"
ORDER += "two"
