python () {
    d.setVar("A", "${B}-x")
    d.setVar("B", "b")
}
