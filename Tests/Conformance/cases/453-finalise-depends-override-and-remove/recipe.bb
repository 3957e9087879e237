OVERRIDES = "o"
DEPENDS = "a"
DEPENDS:o = "b c"
DEPENDS:remove = "b"
