A = "start"
inherit foo
python () {
    d.setVar("A", d.getVar("A") + " recipe")
}
