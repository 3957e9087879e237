# An override must start with [a-z0-9]; "Foo" is just part of a variable name.
OVERRIDES = "Foo:foo"
A = "base"
A:Foo = "upper"
