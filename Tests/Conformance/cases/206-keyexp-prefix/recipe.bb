X = "foo"
${X}_A = "v"
