CLASSES = "one two"
inherit ${CLASSES}
