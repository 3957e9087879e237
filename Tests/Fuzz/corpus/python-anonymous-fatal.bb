python () {
    bb.fatal("boom")
}
