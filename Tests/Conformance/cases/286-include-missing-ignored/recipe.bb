include does-not-exist.inc
A = "ok"
