B = "b"
A[doc] = "doc ${B}"
B = "bb"
