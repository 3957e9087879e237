A = 'value'
B = 'two words'
