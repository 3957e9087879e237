# getVar(..., False) applies :append but not :remove.
A = "a b"
A:append = " c"
A:remove = "b"
B = "${@d.getVar('A', False)}"
