# The two-override variable A:a:b beats both A:a and A:b.
OVERRIDES = "a:b"
A = "base"
A:a = "1"
A:b = "2"
A:a:b = "3"
