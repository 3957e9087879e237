# A plain assignment: the corpus is never empty.
A = "value"
