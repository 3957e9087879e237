unset NOTHING
unset NOTHING[flag]
A = "ok"
