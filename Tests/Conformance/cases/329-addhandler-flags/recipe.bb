python my_handler() {
    pass
}
addhandler my_handler
