# Key expansion happens before anonymous functions run.
A_${X} = "v"
python () {
    d.setVar("X", "foo")
}
