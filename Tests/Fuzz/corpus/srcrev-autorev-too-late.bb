python () {
    d.setVar('__BBAUTOREV_SEEN', True)
    d.setVar('__BBSRCREV_SEEN', True)
}
