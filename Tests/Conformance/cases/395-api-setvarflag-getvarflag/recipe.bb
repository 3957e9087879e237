B = "b"
python () {
    d.setVarFlag("A", "f", "flag ${B}")
    d.setVar("C", d.getVarFlag("A", "f"))
    d.setVar("E", d.getVarFlag("A", "f", False).replace("$", "%"))
    d.setVar("F", str(d.getVarFlag("A", "nope")))
}
