F = "x y"
python () {
    if bb.utils.contains("F", "x", True, False, d):
        d.setVar("A", "has-x")
    d.setVar("B", bb.utils.filter("F", "y q", d))
}
