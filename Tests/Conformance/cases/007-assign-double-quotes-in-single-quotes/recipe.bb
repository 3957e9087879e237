A = 'say "hi"'
B = '"'
