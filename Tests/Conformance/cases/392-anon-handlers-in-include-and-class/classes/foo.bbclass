python () {
    d.appendVar("A", " class")
}
