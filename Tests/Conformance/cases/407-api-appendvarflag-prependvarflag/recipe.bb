A[f] = "mid"
python () {
    d.appendVarFlag("A", "f", "-end")
    d.prependVarFlag("A", "f", "start-")
    d.appendVarFlag("B", "g", "new")
}
