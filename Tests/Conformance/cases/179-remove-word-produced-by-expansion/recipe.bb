B = "x"
A = "${B} y"
A:remove = "x"
