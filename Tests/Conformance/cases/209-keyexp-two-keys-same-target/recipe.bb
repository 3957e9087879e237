# Keys are processed in sorted order; the later key wins.
X = "foo"
Y = "foo"
A_${Y} = "from-y"
A_${X} = "from-x"
