# Including a .bbclass registers it like an inherit, so the inherit is skipped.
include classes/foo.bbclass
inherit foo
