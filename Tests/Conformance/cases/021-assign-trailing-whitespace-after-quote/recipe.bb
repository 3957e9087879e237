A = "x"    
B = 'y'	
