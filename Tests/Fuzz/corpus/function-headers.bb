python () {
    pass
}
python() {
    pass
}
fakeroot python do_f () {
    pass
}
python fakeroot do_g() {
    pass
}
${A}() {
    :
}
python __anonymous () {
    pass
}
