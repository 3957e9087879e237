inherit common
inherit user
