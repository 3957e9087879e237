ORDER += "one"
