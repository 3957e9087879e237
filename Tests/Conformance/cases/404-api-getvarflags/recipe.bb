# getVarFlags hides internal flags (:append etc.) but lists ??= flag defaults
# under their plain name; values are unexpanded.
A = "value"
A[x] = "1"
A[y] = "${B}"
A[w] ??= "weak"
A:append = " app"
B = "b"
python () {
    flags = d.getVarFlags("A")
    d.setVar("F", str(sorted(flags.items())).replace("$", "%"))
    d.setVar("G", str(d.getVarFlags("NOFLAGS")))
}
