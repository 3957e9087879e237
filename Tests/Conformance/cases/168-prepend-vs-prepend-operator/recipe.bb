A = "a"
A:prepend = "p "
A =+ "q"
