-b() {
}
a= "$"
def é(d):
    d.renameVar('S', 'ne')
    bb.build.exec_func('', d)
    g([1])
A = "${@é(d)}" "中文"
B${A} () {

}
O = ")}"