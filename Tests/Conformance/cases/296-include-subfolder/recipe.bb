include sub/inc.inc
