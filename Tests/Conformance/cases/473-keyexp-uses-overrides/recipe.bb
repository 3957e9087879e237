OVERRIDES = "o"
X = "p"
X:o = "o"
A_${X} = "v"
