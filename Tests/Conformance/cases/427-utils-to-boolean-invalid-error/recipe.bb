A = "${@bb.utils.to_boolean('maybe')}"
