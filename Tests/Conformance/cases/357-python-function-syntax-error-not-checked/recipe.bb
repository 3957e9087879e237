# Named python functions are stored as text; their syntax is not checked at parse time.
python do_bad() {
    this is not python(
}
A = "ok"
