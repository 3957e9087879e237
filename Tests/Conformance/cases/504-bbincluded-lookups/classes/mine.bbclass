A = "1"
inherit other
