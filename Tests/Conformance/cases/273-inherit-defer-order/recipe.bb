inherit_defer two
inherit_defer one
