python () {
    raise bb.parse.SkipRecipe("skip")
}
