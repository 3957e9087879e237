# A weak default read through a reference, then given a real value and a new weak default
A ??= "weak"
B = "(${A})"
python () {
    seen = [d.getVar("B")]
    d.setVarFlag("A", "_defaultval", "weak2")
    seen.append(d.getVar("B"))
    d.setVar("A", "strong")
    seen.append(d.getVar("B"))
    d.setVar("SEEN", "|".join(seen))
}
