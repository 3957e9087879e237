DEPENDS = "a"
python () {
    d.appendVar("DEPENDS", "   z ")
}
