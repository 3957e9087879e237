# leading comment
A = "a"
#B = "commented"
# A = "ignored"

#no space after hash
C = "c"
# trailing comment
