OVERRIDES = "o"
A = "a"
A:prepend:o = "on "
A:prepend:z = "off "
