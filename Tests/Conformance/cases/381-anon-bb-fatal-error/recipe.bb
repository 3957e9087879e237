python () {
    bb.fatal("this recipe is broken")
}
