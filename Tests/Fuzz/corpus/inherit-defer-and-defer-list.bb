BB_DEFER_BBCLASSES = "fuzz"
inherit fuzz
inherit_defer native ${A}
inherit_defer skip
