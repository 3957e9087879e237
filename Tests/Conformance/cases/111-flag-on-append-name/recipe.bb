# The flag lands on a variable literally called "A:append".
A = "a"
A:append[doc] = "x"
