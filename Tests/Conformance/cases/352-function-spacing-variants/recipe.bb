do_a () {
    a
}
python do_b () {
    pass
}
python do_c(){
    pass
}
do_d(  ) {
    d
}
