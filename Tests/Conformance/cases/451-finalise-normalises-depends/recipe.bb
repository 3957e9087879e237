# Finalisation always rewrites DEPENDS with its expanded, whitespace-normalised
# words (via d.setVar), even when DEPENDS was never set (-> "").
B = "b"
DEPENDS = "  a   ${B} "
DEPENDS:append = " c"
