# d.setVar drops the pending :append, so it is not applied a second time.
A = "a"
A:append = " parse"
python () {
    d.setVar("A", d.getVar("A") + " anon")
}
