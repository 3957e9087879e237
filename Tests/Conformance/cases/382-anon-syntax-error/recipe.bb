python () {
    if True
        pass
}
