A = "no tasks here"
