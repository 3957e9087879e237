B = "b"
  A = "x"
