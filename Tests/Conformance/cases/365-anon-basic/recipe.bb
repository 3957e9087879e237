python () {
    d.setVar("A", "from-anon")
}
