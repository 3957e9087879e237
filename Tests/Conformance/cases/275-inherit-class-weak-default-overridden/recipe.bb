inherit foo
A = "recipe"
