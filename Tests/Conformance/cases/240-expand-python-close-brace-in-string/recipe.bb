# The lazy match stops at the first '}', leaving an unterminated string
# literal; BitBake ignores that SyntaxError and leaves the text as-is.
A = "${@'}'}"
