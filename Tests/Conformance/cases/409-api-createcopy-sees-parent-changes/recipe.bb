# A copy is copy-on-write over its parent: unshadowed variables track the parent.
A = "orig"
python () {
    e = d.createCopy()
    d.setVar("A", "after")
    d.setVar("B", e.getVar("A"))
}
