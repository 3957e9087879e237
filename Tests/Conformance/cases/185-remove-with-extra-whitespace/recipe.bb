A = "  a  b  "
A:remove = "a"
