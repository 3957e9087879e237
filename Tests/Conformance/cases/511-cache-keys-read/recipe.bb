# An expression listing keys sees a variable created after it was first read
ZZ1 = "1"
A = "${@' '.join(sorted(k for k in d.keys() if k.startswith('ZZ')))}"
python () {
    seen = [d.getVar("A")]
    d.setVar("ZZ2", "2")
    seen.append(d.getVar("A"))
    d.delVar("ZZ1")
    seen.append(d.getVar("A"))
    d.setVar("SEEN", "|".join(seen))
}
