# Expansion is lazy: a broken variable that is never read is not an error.
BAD = "${BAD}"
BAD2 = "${@1/0}"
A = "ok"
