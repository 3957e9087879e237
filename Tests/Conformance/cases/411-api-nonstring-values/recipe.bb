python () {
    d.setVar("INT", 5)
    d.setVar("LIST", ["a", "b"])
    d.setVar("BOOL", True)
    d.setVar("NONE", None)
    d.setVar("DICT", {"k": 1})
    d.setVarFlag("A", "n", 7)
}
