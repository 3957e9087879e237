A = "${B}"
B = "one"
python () {
    e = d.createCopy()
    e.setVar("B", "two")
    d.setVar("C", e.getVar("A") + " " + d.getVar("A"))
}
