# With an extension the unexpanded name is just a missing file: ignored.
include ${INC}.inc
INC = "inc"
A = "ok"
