A = '${@"x".upper()}'
