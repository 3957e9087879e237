# With a lowercase variable the name parses as :append with override "${x}"
# straight away (no key expansion), and that override never matches.
OVERRIDES = "o"
x = "o"
A = "base"
A:append:${x} = " x"
