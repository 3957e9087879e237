# The deps list keeps the unexpanded name (a list is never expanded on read).
A = "a"
addtask b after ${A}
