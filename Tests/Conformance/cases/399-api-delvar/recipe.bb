A = "a"
A[f] = "flag"
A:append = " x"
python () {
    d.delVar("A")
    d.delVar("NEVER_SET")
}
