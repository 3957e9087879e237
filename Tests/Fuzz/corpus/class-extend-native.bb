PN = "p"
BBCLASSEXTEND = "native missing a:b:c"
