B = "b"
A = "a ${B}"
python () {
    d.setVar("C", d.getVar("A", False).replace("$", "%"))
}
