addhandler late_handler
late_handler[eventmask] = "bb.event.RecipePreFinalise"
python late_handler() {
    e.data.setVar("A", e.data.getVar("A") + " handled")
}
