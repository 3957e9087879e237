# Variables read with a literal d.getVar('M') in OVERRIDES are tracked, so
# changing M recomputes the overrides.
M = "m1"
OVERRIDES = "${@d.getVar('M')}"
A = "base"
A:m1 = "m1"
A:m2 = "m2"
python () {
    d.getVar("A")
    d.setVar("M", "m2")
    d.setVar("B", d.getVar("A"))
}
