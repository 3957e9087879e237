foo_do_a() {
    :
}
python foo_do_b() {
    pass
}
EXPORT_FUNCTIONS do_a do_b
