python () {
    d.setVar("A", helper())
}
def helper():
    return "helped"
