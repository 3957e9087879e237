include inc.inc
A = "recipe"
