# \" is not an escape; both the backslash and the quote stay in the value.
A = "say \"hi\""
