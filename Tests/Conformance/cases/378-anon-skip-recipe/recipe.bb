A = "before"
python () {
    d.setVar("B", "set-before-skip")
    raise bb.parse.SkipRecipe("not wanted")
    d.setVar("C", "never")
}
