A:remove = "a"
B = ""
B:remove = "a"
