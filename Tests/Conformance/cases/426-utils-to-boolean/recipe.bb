A = "${@bb.utils.to_boolean('yes')} ${@bb.utils.to_boolean('Y')} ${@bb.utils.to_boolean('1')} ${@bb.utils.to_boolean('TRUE')}"
B = "${@bb.utils.to_boolean('no')} ${@bb.utils.to_boolean('n')} ${@bb.utils.to_boolean('0')} ${@bb.utils.to_boolean('False')}"
C = "${@bb.utils.to_boolean('')} ${@bb.utils.to_boolean(None, 'dflt')} ${@bb.utils.to_boolean(d.getVar('UNSET'), True)}"
