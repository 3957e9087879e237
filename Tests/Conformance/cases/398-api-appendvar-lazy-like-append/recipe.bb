A = "a"
A:remove = "b"
python () {
    d.appendVar("A", " b c")
}
