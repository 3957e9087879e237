A = "a"
python () {
    d.appendVar("A", " b")
    d.setVar("A", "reset")
}
