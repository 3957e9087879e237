A[x@y/z] = "1"
A[-] = "2"
unset A[x@y]
unset A[f]
