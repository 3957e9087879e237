A = "x" # a trailing comment is not allowed
