python () {
    raise bb.parse.SkipRecipe("skip")
}
python () {
    d.setVar("C", "never")
}
