OVERRIDES = "o"
A = "base"
A:o = "over ${B}"
B = "b"
python () {
    d.setVar("C", d.getVar("A", False).replace("$", "%"))
}
