python(){
 bb.build.exec_func('',d)('' '')
}