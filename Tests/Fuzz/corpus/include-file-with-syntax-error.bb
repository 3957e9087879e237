include bad.inc
