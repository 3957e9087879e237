# comment \
A = "x"
