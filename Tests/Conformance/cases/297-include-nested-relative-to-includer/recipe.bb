include sub/a.inc
