# A flag's cached expansion follows the variables it references; a flag write is seen
A = "content"
A[doc] = "about ${B}"
B = "b1"
python () {
    seen = [d.getVarFlag("A", "doc"), d.getVar("A")]
    d.setVar("B", "b2")
    seen.append(d.getVarFlag("A", "doc"))
    d.setVarFlag("A", "doc", "direct ${B}")
    seen += [d.getVarFlag("A", "doc"), d.getVar("A")]
    d.setVar("SEEN", "|".join(seen))
}
