A = "${@bb.utils.explode_deps('a (>= 1.0) b c (= 2)')}"
B = "${@bb.utils.explode_deps('')}"
