A = "${@os.path.join('a', 'b')}"
