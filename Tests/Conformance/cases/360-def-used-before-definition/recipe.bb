A = "${@h()}"
def h():
    return "late"
