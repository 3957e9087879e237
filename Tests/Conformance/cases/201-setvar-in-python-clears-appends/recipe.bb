A = "a"
A:append = " b"
A:prepend = "p "
A:remove = "a"
python () {
    d.setVar("A", "c d")
}
