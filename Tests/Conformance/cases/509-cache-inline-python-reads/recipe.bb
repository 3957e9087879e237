# Inline Python's d.getVar reads are dependencies of the cached result
A = "${@d.getVar('B') + '!'}"
B = "one"
C = "${@'x' if d.getVar('UNSET_YET') else 'y'}"
python () {
    seen = [d.getVar("A"), d.getVar("C")]
    d.setVar("B", "two")
    d.setVar("UNSET_YET", "1")
    seen += [d.getVar("A"), d.getVar("C")]
    d.setVar("SEEN", "|".join(seen))
}
