A:append = "x"
B:prepend = "y"
C:append = ""
