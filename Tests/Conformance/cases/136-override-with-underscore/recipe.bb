OVERRIDES = "my_machine"
A = "base"
A:my_machine = "mm"
