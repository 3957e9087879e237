ORDER += "two"
