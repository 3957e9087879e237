python () {
    bb.note("note")
    bb.warn("warn")
    bb.debug(1, "debug")
    bb.plain("plain")
    d.setVar("A", "logged")
}
