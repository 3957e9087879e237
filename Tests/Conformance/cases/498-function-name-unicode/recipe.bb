# Function names use \w, which includes non-ASCII letters.
do_é() {
    x
}
