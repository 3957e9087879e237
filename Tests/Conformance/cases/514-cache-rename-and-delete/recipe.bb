# Renaming a variable into a referenced name, and deleting one, after reads
A = "${K}"
B = "${M}"
L = "from-l"
M = "m"
python () {
    seen = [d.getVar("A"), d.getVar("B")]
    d.renameVar("L", "K")
    d.delVar("M")
    seen += [d.getVar("A"), d.getVar("B")]
    d.setVar("SEEN", "|".join(seen))
}
