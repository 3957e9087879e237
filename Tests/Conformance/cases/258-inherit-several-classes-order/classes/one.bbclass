V = "one"
ORDER += "one"
