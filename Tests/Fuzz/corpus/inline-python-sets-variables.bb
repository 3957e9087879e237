A = "${@d.setVar('B', '${A}') or ''}"
C := "${@d.delVar('A') or d.renameVar('B', 'D') or ''}"
