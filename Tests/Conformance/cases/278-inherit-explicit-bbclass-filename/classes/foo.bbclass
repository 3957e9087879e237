WHERE = "classes"
