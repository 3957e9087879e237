# A function whose name needs expansion loses its flags when renamed.
T = "foo"
do_${T}() {
    echo hi
}
