A = "héllo wörld ✓"
B = "${@'ü'.upper()}"
