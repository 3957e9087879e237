# A:b:a also applies with OVERRIDES = "a:b" (order inside the name does not
# matter for activation); when both spellings exist, A:a:b wins.
OVERRIDES = "a:b"
A = "base"
A:b:a = "ba"
B = "base"
B:a:b = "ab"
B:b:a = "ba"
