G = "x y"
F = "${G} z"
F:append = " w"
A = "${@bb.utils.contains('F', 'y w', 'yes', 'no', d)}"
