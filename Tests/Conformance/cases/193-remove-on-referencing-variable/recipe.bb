A = "a b c"
C = "${A} d"
C:remove = "a"
