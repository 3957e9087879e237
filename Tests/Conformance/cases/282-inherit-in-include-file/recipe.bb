include inc.inc
