A = "x"y"z"
B = 'a'b'c'
