include inc.inc
include inc.inc
