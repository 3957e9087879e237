BBCLASSEXTEND="${@(_ for _ in()).throw(bb.parse.SkipRecipe('skipped'))}é"
include .conf