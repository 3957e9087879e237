X = "foo"
A_foo = "orig"
A_${X} = "new"
