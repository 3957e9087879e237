A = "${@d.getVar('A', False)}x"
