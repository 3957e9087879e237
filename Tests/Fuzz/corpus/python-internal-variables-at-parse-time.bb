A := "${@d.setVar('__BBHANDLERS', 5) or ''}"
B := "${@d.setVar('__BBDEFINHERITS', [['fuzz', 'f', 'x'], 7]) or ''}"
C := "${@d.setVar('__BBTASKS', ['do_y', 5, None]) or ''}"
addtask fuzz
E := "${@d.setVar('__BBANONFUNCS', ['missing']) or ''}"
