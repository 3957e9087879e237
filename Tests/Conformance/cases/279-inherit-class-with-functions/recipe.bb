inherit foo
A = "${@foo_helper('x')}"
