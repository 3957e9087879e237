python () {
    x = {}["missing"]
}
