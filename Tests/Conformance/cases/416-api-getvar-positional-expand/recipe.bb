B = "b"
A = "${B}"
python () {
    d.setVar("C", d.getVar("A", True) + d.getVar("A", 0).replace("$", "%"))
}
