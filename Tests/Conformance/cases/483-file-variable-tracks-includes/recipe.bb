# FILE is the .inc/.conf being parsed while it is parsed, but stays the recipe
# inside classes.
A := "${@os.path.basename(d.getVar('FILE'))}"
include a.inc
inherit foo
E := "${@os.path.basename(d.getVar('FILE'))}"
