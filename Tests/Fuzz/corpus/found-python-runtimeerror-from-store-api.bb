S=""""
python(){
    d2=bb.data_smart.DataSmart()
    d.setVar('',d.get(''))
    d.prependVar('A', None)
    d.prependVarFlag('A', 'f', 5)
}
e= "e"