A = "start"
python () {
    d.setVar("A", d.getVar("A") + " recipe")
}
inherit foo
