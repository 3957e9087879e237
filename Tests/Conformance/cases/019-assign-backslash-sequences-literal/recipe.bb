# No escape processing: backslashes are kept verbatim.
A = "a\nb\tc"
B = "C:\\dir"
