# A value filter set after a read applies to the variable and to what references it
A = "a b c"
A:x = "x1"
B = "<${A}>"
python () {
    seen = [d.getVar("A"), d.getVar("B"), d.getVar("A:x")]
    d.setVarFilter("A", "suffix(val, '-f')")
    seen += [d.getVar("A"), d.getVar("B"), d.getVar("A:x")]
    d.setVar("SEEN", "|".join(seen))
}
