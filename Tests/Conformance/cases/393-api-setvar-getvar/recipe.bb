B = "b"
python () {
    d.setVar("A", "x ${B}")
    d.setVar("C", d.getVar("A"))
    d.setVar("E", d.getVar("A", False))
    d.setVar("F", str(d.getVar("NOPE")))
}
