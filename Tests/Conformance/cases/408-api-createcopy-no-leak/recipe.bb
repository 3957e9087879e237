A = "orig"
python () {
    e = d.createCopy()
    e.setVar("A", "changed")
    e.setVar("NEW", "new")
    e.setVarFlag("A", "f", "flag")
    d.setVar("SEEN_IN_COPY", e.getVar("A"))
}
