require conf/none.inc
