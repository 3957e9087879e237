OVERRIDES = "o"
A = "base"
A:o = "over"
python () {
    d.renameVar("A", "B")
}
