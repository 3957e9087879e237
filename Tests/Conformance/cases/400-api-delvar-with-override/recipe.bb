OVERRIDES = "o"
A = "a"
A:o = "over"
python () {
    d.delVar("A:o")
}
