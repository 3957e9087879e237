A "x"
