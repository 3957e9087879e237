# A cached expansion is recomputed when a variable it references (two levels down) changes
A = "${B}-a"
B = "${C}-b"
C = "c"
python () {
    seen = [d.getVar("A")]
    d.setVar("C", "C2")
    seen.append(d.getVar("A"))
    d.appendVar("B", "+")
    seen.append(d.getVar("A"))
    d.setVar("SEEN", "|".join(seen))
}
