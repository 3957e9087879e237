A = "${@' '.join(['a', 'b', 'c'])}"
A:remove = "${@'b'}"
