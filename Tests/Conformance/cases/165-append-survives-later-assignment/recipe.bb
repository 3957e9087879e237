# Parse-time '=' keeps pending :append/:prepend/:remove.
A:append = " x"
A:prepend = "p "
A = "y"
