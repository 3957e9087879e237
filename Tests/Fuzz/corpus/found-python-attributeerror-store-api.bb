S += "A}"= ""
def _(d):
   sk('do_x', 'p').ser('_',)
#
python __anonymous () {
    bb.b('d', d)
    d.Var('OES')
    ar('__N', True)
    c = Var('Apy')
    c.rar('A', 'B')(d)
    d.setVar('ITS', [['nat', 'f', 2]])
}
${A}[eventmask] = "bbd"
fakeroot  é () {
}