A = "a"
python () {
    d.appendVar("A", " b")
    d.prependVar("A", "z ")
    d.appendVar("U", "u")
    d.prependVar("V", "v")
    d.setVar("C", d.getVar("A"))
}
