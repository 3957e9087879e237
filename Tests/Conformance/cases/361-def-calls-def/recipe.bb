# A def body ends at the first unindented line; without a blank line before
# it the stored text has no trailing newline.
def one():
    return 1
def two():
    return one() + 1
A = "${@two()}"
