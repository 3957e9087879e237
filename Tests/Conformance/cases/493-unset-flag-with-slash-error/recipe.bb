# '/' is allowed in flag names when assigning but not in unset.
A[p/q] = "x"
unset A[p/q]
