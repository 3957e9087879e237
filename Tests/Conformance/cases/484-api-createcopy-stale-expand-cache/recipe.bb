# A copy caches expansions; a later change in the parent is not seen by a copy
# that already read the variable (B), but is seen by one that had not (C).
A = "orig"
python () {
    e = d.createCopy()
    first = e.getVar("A")
    d.setVar("A", "after")
    d.setVar("B", e.getVar("A"))
    e2 = d.createCopy()
    d.setVar("A", "again")
    d.setVar("C", e2.getVar("A"))
}
