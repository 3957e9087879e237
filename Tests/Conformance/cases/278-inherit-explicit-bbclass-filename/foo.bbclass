WHERE = "top"
