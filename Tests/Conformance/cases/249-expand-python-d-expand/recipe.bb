B = "bee"
A = "${@d.expand('$' + '{B}-x')}"
