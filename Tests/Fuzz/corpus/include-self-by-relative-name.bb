require ./recipe.bb
