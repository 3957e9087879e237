# A Python result containing ${...} gets expanded in the next pass.
B = "bee"
A = "${@'$' + '{B}'}"
