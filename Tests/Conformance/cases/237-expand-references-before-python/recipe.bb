# ${B} is substituted into the code text before the Python runs.
B = "hello"
A = "${@'${B}'.upper()}"
