C = ""
inherit ${C}
A = "ok"
