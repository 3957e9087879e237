require a.inc b.inc
