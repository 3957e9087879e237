FOO_SET = "yes"
