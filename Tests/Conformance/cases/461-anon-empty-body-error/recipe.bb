# An empty anonymous function compiles to a def without a body.
python () {
}
