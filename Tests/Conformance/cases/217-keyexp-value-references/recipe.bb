X = "foo"
B = "b"
A_${X} = "${B}-${X}"
