python () {
    d.setVar("A", "one")
    if True:
        return
    d.setVar("A", "two")
}
