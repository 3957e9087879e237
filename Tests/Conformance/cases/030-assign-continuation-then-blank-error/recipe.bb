A = "x" \

B = "y"
