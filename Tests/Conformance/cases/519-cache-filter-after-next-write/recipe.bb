# After a filter change, the next write (of anything) lets the filter show in cached values
A = "a b c"
A:x = "x1"
B = "<${A}>"
python () {
    seen = [d.getVar("A"), d.getVar("B"), d.getVar("A:x")]
    d.setVarFilter("A", "suffix(val, '-f')")
    d.setVar("UNRELATED", "1")
    seen += [d.getVar("A"), d.getVar("B"), d.getVar("A:x")]
    d.setVarFilter("A", None)
    seen += [d.getVar("A"), d.getVar("B")]
    d.setVar("UNRELATED", "2")
    seen += [d.getVar("A"), d.getVar("B")]
    d.setVar("SEEN", "|".join(seen))
}
