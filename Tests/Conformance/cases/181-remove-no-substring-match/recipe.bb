A = "abc ab abcd"
A:remove = "ab"
