# renameVar moves the value and :append/:prepend/:remove, but not other flags;
# the old variable is deleted entirely.
A = "x"
A[doc] = "d"
A:append = " y"
python () {
    d.renameVar("A", "B")
}
