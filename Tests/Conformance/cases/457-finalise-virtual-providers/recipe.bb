BB_RECIPE_VIRTUAL_PROVIDERS = "virtual/cc"
PREFERRED_PROVIDER_virtual/cc = "gcc"
DEPENDS = "virtual/cc b"
do_bar[depends] = "virtual/cc:do_x other:do_y"
addtask bar
