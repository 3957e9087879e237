B = "bee"
do_foo() {
    echo ${B} $1 $HOME ${UNDEF}
}
