# Four double quotes in total, so the inner ones are simply part of the value.
C = "cee"
A = "${@d.getVar("C")}"
B = "${@'a' + "b"}"
