A[doc] = 'say "hi"'
A[x] = "it's"
