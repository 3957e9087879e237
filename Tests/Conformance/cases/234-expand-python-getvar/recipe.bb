# E: getVar(..., False) returns "b-${C}", but the result of ${@...} is itself
# expanded again, so the reference is resolved anyway.
B = "b-${C}"
C = "c"
A = "${@d.getVar('B')}"
E = "${@d.getVar('B', False)}"
F = "${@d.getVar('UNDEF')}"
