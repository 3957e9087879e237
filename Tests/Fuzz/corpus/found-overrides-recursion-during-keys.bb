OVERRIDES="${A}:o1"
A=""""
A:o1="${A}"
include_all	.conf
pythoné(){
}
f=""