A[ab] = "x"
unset A[ab]
