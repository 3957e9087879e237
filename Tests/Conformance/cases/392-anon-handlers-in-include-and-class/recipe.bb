inherit foo
include a.inc
python () {
    d.appendVar("A", " recipe")
}
