python () {
    d.setVar("X_append", "y")
}
