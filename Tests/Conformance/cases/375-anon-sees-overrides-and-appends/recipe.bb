OVERRIDES = "o"
A = "base"
A:o = "over"
A:append = " app"
A:remove = "app"
python () {
    d.setVar("B", "[" + d.getVar("A") + "]")
}
