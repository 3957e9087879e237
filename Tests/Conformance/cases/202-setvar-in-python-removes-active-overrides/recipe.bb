OVERRIDES = "o"
A = "base"
A:o = "over"
A:z = "zed"
python () {
    d.setVar("A", "new")
}
