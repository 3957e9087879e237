# A computed variable name is invisible to BitBake's reference tracking, so
# the overrides computed earlier are kept (stale) after M changes.
NAME = "M"
M = "m1"
OVERRIDES = "${@d.getVar(d.getVar('NAME'))}"
A = "base"
A:m1 = "m1"
A:m2 = "m2"
python () {
    d.getVar("A")
    d.setVar("M", "m2")
    d.setVar("B", d.getVar("A"))
}
