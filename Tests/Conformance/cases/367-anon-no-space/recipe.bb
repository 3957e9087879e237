python() {
    d.setVar("A", "x")
}
