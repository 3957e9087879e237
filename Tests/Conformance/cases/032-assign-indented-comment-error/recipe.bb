A = "a"
    # an indented comment
