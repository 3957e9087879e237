X = "foo"
A_${X} = "new"
A_foo = "orig"
