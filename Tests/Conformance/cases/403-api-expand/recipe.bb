B = "b"
python () {
    d.setVar("A", d.expand("${B}-${UNDEF}-${@1+1}"))
}
