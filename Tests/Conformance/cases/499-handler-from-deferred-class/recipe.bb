# A class inherited with inherit_defer registers an event handler; it still sees
# RecipePreFinalise, which fires after deferred inherits are processed.
inherit_defer late
A = "base"
