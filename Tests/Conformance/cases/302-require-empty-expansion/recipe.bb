EMPTY = ""
require ${EMPTY}
include ${EMPTY}
A = "ok"
