addtask foo after bar
python () {
    d.setVar("T", " ".join(d.getVar("__BBTASKS", False)))
}
