X = "foo"
A_${X} = "v"
A_${X}:append = " x"
