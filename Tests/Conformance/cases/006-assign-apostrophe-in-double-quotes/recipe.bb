A = "it's"
B = "don't won't"
