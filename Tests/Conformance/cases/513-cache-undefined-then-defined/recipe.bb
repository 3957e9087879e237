# A reference to an undefined variable stays literal until the variable is set
B = "x ${LATER} y"
python () {
    seen = [d.getVar("B")]
    d.setVar("LATER", "now")
    seen.append(d.getVar("B"))
    d.setVar("SEEN", "|".join(seen))
}
