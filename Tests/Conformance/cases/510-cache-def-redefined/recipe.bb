# A function redefined after an immediate expansion used it: later reads see the new one
def helper(d):
    return "first"
A = "${@helper(d)}"
X := "${A}"
require second.inc
