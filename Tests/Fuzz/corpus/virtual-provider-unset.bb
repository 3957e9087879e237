BB_RECIPE_VIRTUAL_PROVIDERS = "virtual/x"
DEPENDS = "virtual/x"
