BB_RECIPE_VIRTUAL_PROVIDERS = "virtual/cc"
DEPENDS = "virtual/cc"
