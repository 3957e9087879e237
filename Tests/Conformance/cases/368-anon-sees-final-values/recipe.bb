B = "1"
python () {
    d.setVar("A", "saw-" + d.getVar("B"))
}
B = "2"
