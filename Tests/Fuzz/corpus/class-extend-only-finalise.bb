BBCLASSEXTEND = "native"
python () {
    d.setVar('__ONLYFINALISE', ['native'])
}
