# The export flag does not survive key expansion.
X = "foo"
export A_${X} = "v"
