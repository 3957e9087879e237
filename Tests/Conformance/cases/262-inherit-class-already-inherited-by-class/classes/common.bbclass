ORDER += "common"
