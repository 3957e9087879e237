ORDER += "base2"
