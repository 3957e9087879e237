ORDER += "child-before"
inherit base2
ORDER += "child-after"
