OVERRIDES = "${@d.getVar('A')}"
A = "x"
A:x = "${OVERRIDES}"
