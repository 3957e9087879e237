WHERE = "classes-recipe"
