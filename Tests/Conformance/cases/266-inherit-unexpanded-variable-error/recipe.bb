# A normal inherit expands its argument immediately; C is not yet set.
inherit ${C}
C = "foo"
