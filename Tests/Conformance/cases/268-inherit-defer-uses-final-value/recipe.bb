inherit_defer ${C}
C = "foo"
