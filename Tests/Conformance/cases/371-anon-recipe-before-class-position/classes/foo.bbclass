python () {
    d.setVar("A", d.getVar("A") + " class")
}
