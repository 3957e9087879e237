include_all conf/none.inc
A = "ok"
