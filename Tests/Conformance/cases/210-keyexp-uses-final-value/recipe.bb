A_${X} = "v"
X = "early"
X = "final"
