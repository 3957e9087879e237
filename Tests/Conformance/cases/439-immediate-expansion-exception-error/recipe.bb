# := expands while parsing, so the error happens even though A is not queried.
A := "${@1/0}"
