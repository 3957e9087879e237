inherit foo
deltask foo
