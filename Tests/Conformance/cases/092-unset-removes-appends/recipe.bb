A = "a"
A:append = " b"
A:prepend = "p "
A:remove = "a"
unset A
A = "c"
