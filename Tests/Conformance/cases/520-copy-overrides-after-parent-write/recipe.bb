# A copy's overrides follow what its parent's override variables are when the copy reads them
OVERRIDES = "a:${X}"
X = "b"
V = "plain"
V:b = "from-b"
V:c = "from-c"
python () {
    seen = [d.getVar("V")]
    early = d.createCopy()
    d.setVar("X", "c")
    seen.append(early.getVar("V"))
    late = d.createCopy()
    seen.append(late.getVar("V"))
    late.setVar("X", "b")
    seen += [late.getVar("V"), d.getVar("V")]
    d.setVar("SEEN", "|".join(seen))
}
