D=""""
python(){
    d.setVar('','')
    d.prependVar('A', None)
    d.setVarFlag('z', 'ds', [''])
}
A:= "$}"