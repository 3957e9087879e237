A = "${@d.getVar('B')}"
B = "${@d.expand('${A}')}"
