A ??= "weak"
python () {
    d.setVar("B", d.getVar("A"))
}
