my-class_do_x() {
    :
}
EXPORT_FUNCTIONS do_x
