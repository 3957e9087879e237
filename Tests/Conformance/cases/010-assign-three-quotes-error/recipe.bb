A = "a"b"
