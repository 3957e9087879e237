require inc.inc
A += "recipe"
