A = "nbsp"
B = "é中🙂́"
é = "x"
