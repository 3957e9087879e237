# Python's \s and str.split() treat U+00A0 (no-break space) as whitespace.
A = "a b c"
A:remove = "b"
B = "${@len(d.getVar('A', False).split())}"
