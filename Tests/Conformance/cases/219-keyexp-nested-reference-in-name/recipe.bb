X = "Y"
Y = "bar"
A_${X} = "one"
