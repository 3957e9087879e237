# Renaming a key carries the value and :append/:prepend/:remove but no other flags.
X = "foo"
A_${X} = "v"
A_${X}[doc] = "d"
