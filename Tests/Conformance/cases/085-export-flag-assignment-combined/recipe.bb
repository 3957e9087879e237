# 'export' in front of a flag assignment marks the variable exported too.
export A[doc] = "d"
