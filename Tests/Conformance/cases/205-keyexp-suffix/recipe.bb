X = "foo"
A_${X} = "v"
