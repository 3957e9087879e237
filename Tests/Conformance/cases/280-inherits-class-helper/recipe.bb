inherit foo
A = "${@bb.data.inherits_class('foo', d)}"
B = "${@bb.data.inherits_class('bar', d)}"
