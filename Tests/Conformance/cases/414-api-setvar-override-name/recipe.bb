OVERRIDES = "o"
A = "a"
python () {
    d.setVar("A:o", "over")
}
