A = "${@oe.utils.conditional('X', '1', 'a', 'b', d)}"
