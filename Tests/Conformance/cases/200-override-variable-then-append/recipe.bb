# After key expansion this is A:o:append with no A:o value: A becomes " x".
OVERRIDES = "o"
X = "o"
A = "base"
A:${X}:append = " x"
