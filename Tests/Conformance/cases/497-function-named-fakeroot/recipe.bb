# "fakeroot" directly followed by "(" is the function's name, not the keyword.
fakeroot() {
    x
}
