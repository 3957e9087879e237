# Changing a variable OVERRIDES references changes which override wins, after a read
OVERRIDES = "a:${X}"
X = "b"
V = "plain"
V:c = "from-c"
V:append:c = "+c"
W = "${V}"
python () {
    seen = [d.getVar("V"), d.getVar("W")]
    d.setVar("X", "c")
    seen += [d.getVar("V"), d.getVar("W")]
    d.setVar("X", "b")
    seen += [d.getVar("V"), d.getVar("W")]
    d.setVar("SEEN", "|".join(seen))
}
