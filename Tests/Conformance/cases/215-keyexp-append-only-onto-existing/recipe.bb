X = "foo"
A_foo = "base"
A_${X}:append = " x"
