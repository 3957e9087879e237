inherit_defer ${UNSET_OR_EMPTY}
UNSET_OR_EMPTY = ""
A = "ok"
