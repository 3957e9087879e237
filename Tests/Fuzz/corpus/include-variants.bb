include inc.inc
include missing.inc
include x.conf missing.conf
include_all inc.inc
include sub/a.inc
