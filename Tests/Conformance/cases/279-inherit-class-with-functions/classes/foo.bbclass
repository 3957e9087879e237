def foo_helper(x):
    return x * 3

do_foo() {
    echo foo
}
