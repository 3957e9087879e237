A = "start"
inherit_defer foo
python () {
    d.setVar("A", d.getVar("A") + " recipe")
}
