A = unquoted
