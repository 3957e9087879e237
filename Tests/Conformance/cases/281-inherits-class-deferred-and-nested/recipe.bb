inherit_defer foo
A = "${@bb.data.inherits_class('foo', d)} ${@bb.data.inherits_class('inner', d)}"
