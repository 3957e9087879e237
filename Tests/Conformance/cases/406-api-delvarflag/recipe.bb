A = "a"
A[x] = "1"
A[y] = "2"
python () {
    d.delVarFlag("A", "x")
    d.delVarFlag("A", "nope")
}
