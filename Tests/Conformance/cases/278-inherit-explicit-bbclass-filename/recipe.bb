# A name ending in .bbclass is looked up directly in BBPATH.
inherit foo.bbclass
