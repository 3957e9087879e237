A = "${@(_ for _ in ()).throw(bb.parse.SkipRecipe('skipped'))}"
B := "${A}"
