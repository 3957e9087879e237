# Python containing an unexpandable ${...} is not run; it stays as text.
A = "${@'${UNDEF}'.upper()}"
