python x y() {
}
