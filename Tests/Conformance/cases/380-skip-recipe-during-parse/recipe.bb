# SkipRecipe raised while the recipe's statements are evaluated stops
# evaluation; finalisation (and anonymous python) does not happen.
def skipper(d):
    raise bb.parse.SkipRecipe("early")
A = "a"
B := "${@skipper(d)}"
C = "c"
python () {
    d.setVar("D", "d")
}
