X = "foo"
A_${X} = "v"
python () {
    d.setVar("B", str(d.getVar("A_foo")))
}
