OVERRIDES = "a"
A = "base"
A:b = "from-b"
python () {
    d.setVar("OVERRIDES", "a:b")
}
