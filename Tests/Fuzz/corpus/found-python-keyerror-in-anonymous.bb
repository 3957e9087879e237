python(){
 {}[""]
}
A=""