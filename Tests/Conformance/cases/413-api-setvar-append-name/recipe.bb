A = "a"
python () {
    d.setVar("A:append", " x")
    d.setVar("A:prepend", "p ")
}
