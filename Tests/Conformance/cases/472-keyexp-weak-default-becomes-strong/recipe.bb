# Renaming reads the weak default as the value and sets it normally, so it
# replaces the strong assignment of the target name.
X = "foo"
A_${X} ??= "weak"
A_foo = "strong"
