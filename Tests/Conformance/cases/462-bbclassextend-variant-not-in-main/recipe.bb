# Variants are finalised separately; the main datastore is what is queried.
BBCLASSEXTEND = "native"
A = "main"
