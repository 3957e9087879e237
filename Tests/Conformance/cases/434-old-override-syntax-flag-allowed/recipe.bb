# The old-syntax check only guards setVar; flag assignments are not checked.
A_append[doc] = "x"
