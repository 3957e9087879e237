BBPATH := "${BBPATH}:${BBPATH}/layer2"
include_all conf/x.inc
