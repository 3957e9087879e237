include a.inc missing.inc b.inc
