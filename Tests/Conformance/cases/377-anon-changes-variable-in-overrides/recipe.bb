MACHINE = "m1"
OVERRIDES = "${MACHINE}"
A = "base"
A:m2 = "m2"
python () {
    d.getVar("A")
    d.setVar("MACHINE", "m2")
}
