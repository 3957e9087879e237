# An override variable created after the base was read takes effect
OVERRIDES = "x"
A = "base"
B = "${A}!"
python () {
    seen = [d.getVar("A"), d.getVar("B")]
    d.setVar("A:x", "over")
    seen += [d.getVar("A"), d.getVar("B")]
    d.setVar("A:append:x", "+")
    seen += [d.getVar("A"), d.getVar("B")]
    d.setVar("SEEN", "|".join(seen))
}
