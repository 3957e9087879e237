A = "${@'a\nb c'}"
A:remove = "b"
