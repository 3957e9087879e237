A = "start"
python () {
    d.setVar("A", d.getVar("A") + " one")
}
python () {
    d.setVar("A", d.getVar("A") + " two")
}
