python () {
    d.setVar('__BBTASKS', 5)
    d.setVar('__BBANONFUNCS', None)
    d.setVar('__BBHANDLERS', 'x')
    d.setVar('__BBDEFINHERITS', [[1]])
    d.setVar('__inherit_cache', {})
    d.setVar('OVERRIDES', 5)
    d.setVar('BBCLASSEXTEND', ['a'])
}
