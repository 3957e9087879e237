fakeroot python do_a() {
    pass
}
python fakeroot do_b() {
    pass
}
