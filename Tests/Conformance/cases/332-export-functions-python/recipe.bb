inherit foo
