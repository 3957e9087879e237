python __anonymous () {
    d.setVar("A", "x")
}
