B = "${INT}"
python () {
    d.setVar("INT", 5)
}
