# A :remove whose value references a variable follows that variable
A = "a b c"
A:remove = "${R}"
R = "b"
python () {
    seen = [d.getVar("A")]
    d.setVar("R", "c")
    seen.append(d.getVar("A"))
    d.setVar("SEEN", "|".join(seen))
}
