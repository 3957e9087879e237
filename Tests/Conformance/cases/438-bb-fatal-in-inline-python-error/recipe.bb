A = "${@bb.fatal('broken')}"
