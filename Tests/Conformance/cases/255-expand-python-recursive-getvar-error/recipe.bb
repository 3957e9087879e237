A = "${@d.getVar('A')}"
