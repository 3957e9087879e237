A = "before"
include inc.inc
B = "after"
