do_nothing() {
}
python do_py() {
}
