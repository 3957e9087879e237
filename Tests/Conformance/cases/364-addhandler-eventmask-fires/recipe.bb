# Handlers are registered at finalisation and see the recipe events they ask for.
python set_on_prefinalise() {
    e.data.setVar("H", "handled-" + e.data.getVar("A"))
}
set_on_prefinalise[eventmask] = "bb.event.RecipePreFinalise"
addhandler set_on_prefinalise
A = "a"
