A += "x"
B =+ "x"
C .= "x"
D =. "x"
