A = "a # b"
B = "#"
C = '#not a comment'
