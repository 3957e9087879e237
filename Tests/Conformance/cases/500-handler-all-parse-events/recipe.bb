# A handler without a mask sees every parse-time event, in order.
addhandler seen
python seen() {
    d.setVar("SEEN", (d.getVar("SEEN") or "") + " " + e.__class__.__name__)
}
addtask compile
