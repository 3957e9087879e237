OVERRIDES = "${@'a' + 'b'}"
A = "base"
A:ab = "ab"
