N .= "x"
A = "${@bb.data.inherits_class('foo', d)}"
