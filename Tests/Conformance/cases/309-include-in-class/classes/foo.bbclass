include foo.inc
