inherit mine
include sub/part.inc
include nothere.inc
require sub/part.inc
inherit_defer mine
