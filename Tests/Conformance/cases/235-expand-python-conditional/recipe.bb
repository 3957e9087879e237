B = "1"
A = "${@'yes' if d.getVar('B') == '1' else 'no'}"
C = "${@'yes' if d.getVar('UNDEF') else 'no'}"
E = "${@d.getVar('UNDEF') or 'default'}"
