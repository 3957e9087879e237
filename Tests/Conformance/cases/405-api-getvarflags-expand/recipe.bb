A[x] = "${B}"
A[y] = "${B}"
B = "b"
python () {
    flags = d.getVarFlags("A", expand=["x"])
    d.setVar("F", flags["x"] + "|" + flags["y"].replace("$", "%"))
}
