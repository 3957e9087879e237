python () {
    import re
    def clean(s):
        return re.sub(r"[0-9]", "", s)
    d.setVar("A", clean("a1b2c3"))
}
