A	=	"x"
B      ?=       "y"
C		+=	"z"
D =	'w'
