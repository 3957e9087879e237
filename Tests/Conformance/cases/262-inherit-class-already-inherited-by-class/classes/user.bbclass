inherit common
ORDER += "user"
