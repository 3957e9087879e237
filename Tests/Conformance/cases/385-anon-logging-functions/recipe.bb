python () {
    bb.note("note")
    bb.warn("warn")
    bb.debug(1, "debug")
    d.setVar("A", "logged")
}
