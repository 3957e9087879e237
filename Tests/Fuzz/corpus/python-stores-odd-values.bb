python () {
    d.setVar('A', d)
    d.setVar('B', object())
    d.setVarFlag('C', 'f', [1])
    d.setVar('', 'empty')
    d.setVar('${A}', 'x')
    d.setVar('D[f]', 'x')
}
E = "${A}${B}${C}"
