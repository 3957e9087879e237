# Unknown names in inline Python are looked up as (expanded) variables.
B = "bee"
A = "${@B + '!'}"
