do_foo() {
    f() {
        echo nested
    }
  }
    f
}
