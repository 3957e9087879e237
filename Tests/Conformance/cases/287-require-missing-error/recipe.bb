require does-not-exist.inc
