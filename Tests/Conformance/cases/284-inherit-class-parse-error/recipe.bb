inherit bad
